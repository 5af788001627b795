using System.Globalization;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Core.Cycles;

/// <summary>
/// Runs one cycle (SPEC 6 steps 3–5): opens the per-run log, starts the command without a shell with
/// the PXL_* environment, waits for it within its timeout, and closes the log with the outcome.
/// </summary>
internal sealed class CycleService(
    CycleProcessRunner runner,
    Workspace workspace,
    IOptions<PathsOptions> paths,
    TimeProvider time)
{
    public async Task<CycleResult> RunAsync(CycleRequest request, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        await using var log = RunLog.Create(workspace.Resolve(paths.Value.RunLogs), startedAt);
        var logPath = workspace.Display(log.FullPath);

        // The log is written even while shutting down: the record of a cancelled run is part of the promise.
        await log.WriteHeaderAsync(request, CommandLine.Display(workspace.Display(request.Command), request.Arguments), CancellationToken.None);

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
            },
            request.Timeout,
            request.KillGrace);
        var outcome = await runner.RunAsync(spec, log, cancellationToken);

        var (status, error) = outcome.Exit switch
        {
            ProcessExit.Exited when outcome.ExitCode == 0 => (CycleStatus.Success, null),
            ProcessExit.Exited => (CycleStatus.Failure, $"exit code {outcome.ExitCode}"),
            ProcessExit.TimedOut => (CycleStatus.Timeout, $"timed out after {request.Timeout.TotalSeconds:0.###} s"),
            ProcessExit.Cancelled => (CycleStatus.Cancelled, "cancelled by shutdown"),
            _ => (CycleStatus.StartFailed, outcome.Error),
        };
        var finishedAt = time.GetUtcNow();
        await log.WriteFooterAsync(status, outcome.ExitCode, finishedAt - startedAt, error, CancellationToken.None);
        return new CycleResult(request, status, outcome.ExitCode, startedAt, finishedAt, logPath, error);
    }
}
