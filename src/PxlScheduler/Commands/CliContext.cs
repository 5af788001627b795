using System.Globalization;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Scheduling;
using PxlScheduler.Hosting;

namespace PxlScheduler.Commands;

/// <summary>What every command shares: the workspace it works in and where its output goes (so tests can capture it).</summary>
internal sealed class CliContext(Workspace workspace, TextWriter output, TextWriter error)
{
    public Workspace Workspace => workspace;

    public TextWriter Output => output;

    public TextWriter Error => error;

    public int UsageError(IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            error.WriteLine($"pxl: error: {problem}");
        }

        return ExitCodes.UsageError;
    }

    /// <summary>
    /// Runs a one-shot command (<c>check</c>, <c>digests</c>) with the configured services: bad
    /// configuration exits 2 naming the key, a file the command cannot read or write exits 1.
    /// </summary>
    public Task<int> WithServicesAsync(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            using var host = PxlHost.BuildForCommand(workspace);
            return await action(host.Services, cancellationToken);
        });

    /// <summary>Runs <paramref name="action"/>: bad configuration exits 2 naming the key, a file that cannot be read or written exits 1.</summary>
    public async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (StartupErrors.Describe(e) is { } lines)
        {
            return UsageError(lines);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException or System.Data.Common.DbException)
        {
            error.WriteLine($"pxl: error: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>One summary line for a `pxl run`, and its exit code (SPEC 3).</summary>
    public int Report(RunOutcome outcome)
    {
        var last = outcome.LastCycle;
        var lastText = last is null
            ? "no cycle ran"
            : string.Create(CultureInfo.InvariantCulture, $"last run {last.Request.RunId} {last.Status.ToWire()} in {last.Duration.TotalSeconds:0.###} s, log {last.LogPath}");
        var (summary, code) = outcome.End switch
        {
            RunEnd.Halted => ("halted by consecutive failures", ExitCodes.Halted),
            RunEnd.StoppedByStopFile => ("stopped by the stop file", ExitCodes.Success),
            RunEnd.Cancelled => ("interrupted", ExitCodes.Cancelled),
            RunEnd.Unrecorded => ($"stopped, {outcome.Problem}", ExitCodes.Failure),
            _ when last?.Status == CycleStatus.Success => ("done", ExitCodes.Success),
            _ => ("done; the last cycle failed", ExitCodes.Failure),
        };
        // An unrecorded cycle may well have run: the count and the last run are only what the ledger holds.
        output.WriteLine(outcome.End == RunEnd.Unrecorded
            ? string.Create(CultureInfo.InvariantCulture, $"pxl run: {summary.TrimEnd('.')}; {outcome.Cycles} cycle(s) recorded before it")
            : string.Create(CultureInfo.InvariantCulture, $"pxl run: {summary} after {outcome.Cycles} cycle(s); {lastText}"));
        return code;
    }
}
