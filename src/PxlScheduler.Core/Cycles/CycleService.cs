using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Checks;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Digests;
using PxlScheduler.Core.Processes;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Sandbox;

namespace PxlScheduler.Core.Cycles;

/// <summary>
/// Runs one cycle (SPEC 6 steps 2–7): opens the per-run log, runs the required prerequisite checks,
/// starts the command without a shell with the PXL_* environment, waits for it within its timeout,
/// counts its writes under the sandbox against the cap, archives the planner digests, and closes the
/// log with the outcome.
/// </summary>
internal sealed class CycleService(
    CycleProcessRunner runner,
    PrerequisiteChecker checks,
    SandboxWriteCounter sandbox,
    DigestArchiver digests,
    InFlightRuns inFlight,
    Workspace workspace,
    IOptions<PathsOptions> paths,
    IOptions<RetentionOptions> retention,
    TimeProvider time,
    ILogger<CycleService> logger)
{
    private const int WritesListedInLog = 200;

    public async Task<CycleResult> RunAsync(CycleRequest request, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        await using var log = RunLog.Create(workspace.Resolve(paths.Value.RunLogs), startedAt, retention.Value.MaxLogBytes);
        var logPath = workspace.Display(log.FullPath);

        // The log is written even while shutting down: the record of a cancelled run is part of the promise.
        await log.WriteHeaderAsync(request, CommandLine.Display(workspace.Display(request.Command), request.Arguments), CancellationToken.None);
        await inFlight.BeginAsync(request, startedAt, logPath, CancellationToken.None);
        CrashPoint.Hit(CrashPoint.AfterMarker);

        var (status, exitCode, error, writes) = await ChecksPassAsync(log, cancellationToken) is { } failed
            ? failed
            : await RunCommandAsync(request, log, logPath, cancellationToken);
        var archive = await ArchiveDigestsAsync(startedAt, log);

        // The duration comes from the monotonic clock and finished_at from it, so a wall clock stepped back
        // or forward mid-cycle (NTP, an operator) can neither make a duration negative nor a row inconsistent.
        var duration = time.GetElapsedTime(started);
        var finishedAt = startedAt + duration;
        await log.WriteFooterAsync(status, exitCode, duration, error, CancellationToken.None);
        return new CycleResult(request, status, exitCode, startedAt, finishedAt, logPath, error)
        {
            Writes = writes,
            ArchivePath = archive?.ArchivePath,
            DigestLines = archive?.Lines ?? 0,
        };
    }

    /// <summary>Runs the required checks; returns the cycle's end when one failed (or shutdown came), null when all passed.</summary>
    private async Task<(CycleStatus, int?, string?, int)?> ChecksPassAsync(RunLog log, CancellationToken cancellationToken)
    {
        IReadOnlyList<CheckResult> results;
        try
        {
            results = await checks.RunRequiredAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (CycleStatus.Cancelled, null, "cancelled by shutdown", 0);
        }

        var failed = results.Where(r => r.Blocks).ToList();
        foreach (var result in failed)
        {
            await log.WriteNoteAsync($"prerequisite failed: {result.Name}: {result.Detail}", CancellationToken.None);
            if (result.Hint is { Length: > 0 } hint)
            {
                await log.WriteNoteAsync($"hint: {hint}", CancellationToken.None);
            }
        }

        if (failed.Count == 0)
        {
            if (results.Count > 0)
            {
                await log.WriteNoteAsync($"prerequisites: {results.Count} required check(s) passed", CancellationToken.None);
            }

            return null;
        }

        await log.WriteNoteAsync("the cycle command was not started", CancellationToken.None);
        return (CycleStatus.PrereqFailed, null, $"prerequisite failed: {string.Join(", ", failed.Select(r => r.Name))}", 0);
    }

    private async Task<(CycleStatus, int?, string?, int)> RunCommandAsync(CycleRequest request, RunLog log, string logPath, CancellationToken cancellationToken)
    {
        var spec = new ProcessSpec(
            request.Command,
            request.Arguments,
            workspace.Root,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["PXL_RUN_ID"] = request.RunId,
                ["PXL_SCHEDULE"] = request.Schedule,
                ["PXL_MODE"] = request.Mode,
                ["PXL_GOAL"] = request.Goal,
                ["PXL_CAP_WRITES"] = request.CapWrites.ToString(CultureInfo.InvariantCulture),
                ["PXL_RUN_LOG"] = logPath,
                ["PXL_SCHEDULED_AT"] = request.ScheduledAt is { } at ? UtcInstantConverter.ToText(at) : "",
            },
            request.Timeout,
            request.KillGrace);
        var before = sandbox.Snapshot();
        var outcome = await runner.RunAsync(spec, log, cancellationToken);

        var (status, error) = outcome.Exit switch
        {
            ProcessExit.Exited when outcome.ExitCode == 0 => (CycleStatus.Success, null),
            ProcessExit.Exited => (CycleStatus.Failure, $"exit code {outcome.ExitCode}"),
            ProcessExit.TimedOut => (CycleStatus.Timeout, $"timed out after {request.Timeout.TotalSeconds:0.###} s"),
            ProcessExit.Cancelled => (CycleStatus.Cancelled, "cancelled by shutdown"),
            _ => (CycleStatus.StartFailed, outcome.Error),
        };

        if (sandbox.WritesSince(before) is not { } writes)
        {
            CyclesLog.WritesNotCounted(logger, request.Schedule, SandboxSnapshot.DefaultMaxEntries);
            await log.WriteNoteAsync(sandbox.NotCounted(), CancellationToken.None);
            return (status, outcome.ExitCode, error, 0);
        }

        var overCap = writes.Count > request.CapWrites;
        await log.WriteNoteAsync(
            string.Create(CultureInfo.InvariantCulture, $"sandbox writes: {writes.Count} (cap {request.CapWrites}){(overCap ? ", over the cap" : "")}"),
            CancellationToken.None);
        foreach (var write in writes.Take(WritesListedInLog))
        {
            await log.WriteNoteAsync("  " + sandbox.Describe(write), CancellationToken.None);
        }

        if (writes.Count > WritesListedInLog)
        {
            await log.WriteNoteAsync(string.Create(CultureInfo.InvariantCulture, $"  … and {writes.Count - WritesListedInLog} more"), CancellationToken.None);
        }

        // Over the cap outranks the exit code; a timeout or a shutdown keeps its own status.
        if (overCap && status is CycleStatus.Success or CycleStatus.Failure)
        {
            (status, error) = (CycleStatus.WriteCapExceeded, string.Create(
                CultureInfo.InvariantCulture,
                $"{writes.Count} files written under {workspace.Display(paths.Value.Sandbox)}/, over the cap of {request.CapWrites}{(error is null ? "" : $" ({error})")}"));
        }

        return (status, outcome.ExitCode, error, writes.Count);
    }

    /// <summary>Archives the digests even after a failed or cancelled cycle: what the planner wrote is kept either way.</summary>
    private async Task<DigestArchiveResult?> ArchiveDigestsAsync(DateTimeOffset startedAt, RunLog log)
    {
        try
        {
            var archive = await digests.ArchiveAsync(startedAt, CancellationToken.None);
            if (archive.SourceReset is { } reset)
            {
                await log.WriteNoteAsync($"digests: {workspace.Display(paths.Value.Digests)} {reset}; archived from its start", CancellationToken.None);
            }

            await log.WriteNoteAsync(
                archive.ArchivePath is null
                    ? "digests: no complete new line to archive"
                    : string.Create(CultureInfo.InvariantCulture, $"digests: {archive.Lines} line(s) archived to {archive.ArchivePath}"),
                CancellationToken.None);
            return archive;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
        {
            DigestsLog.ArchiveFailed(logger, workspace.Display(paths.Value.Digests), e.Message);
            await log.WriteNoteAsync($"digests: archiving failed: {e.Message}", CancellationToken.None);
            return null;
        }
    }
}
