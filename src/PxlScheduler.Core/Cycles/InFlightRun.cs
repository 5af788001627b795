using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Cycles;

/// <summary>
/// The marker of a cycle in flight: enough to record it as <c>interrupted</c> if its <c>pxl</c> dies,
/// and the owner's pid and start time, so a live owner's marker (another `pxl run`) is never taken.
/// </summary>
public sealed record InFlightRun(
    string RunId,
    string Schedule,
    string Trigger,
    string Mode,
    string Goal,
    DateTimeOffset StartedAt,
    string LogPath,
    string Host,
    int OwnerPid,
    long OwnerStartTicks)
{
    /// <summary>The ledger record of this run, cut off at <paramref name="finishedAt"/> (never before it started): interrupted, a failure.</summary>
    public RunRecord Interrupted(DateTimeOffset finishedAt, int consecutiveFailures, string error) =>
        Ended(CycleStatus.Interrupted, null, finishedAt, consecutiveFailures, error);

    /// <summary>The ledger record of this run as it ended at <paramref name="finishedAt"/> (never before it started).</summary>
    public RunRecord Ended(CycleStatus status, int? exitCode, DateTimeOffset finishedAt, int consecutiveFailures, string? error)
    {
        var end = finishedAt < StartedAt ? StartedAt : finishedAt;
        return new()
        {
            RunId = RunId,
            Schedule = Schedule,
            Trigger = Trigger,
            Mode = Mode,
            Goal = Goal,
            StartedAt = StartedAt,
            FinishedAt = end,
            DurationMs = (long)(end - StartedAt).TotalMilliseconds,
            Status = status.ToWire(),
            ExitCode = exitCode,
            ConsecutiveFailures = consecutiveFailures,
            LogPath = LogPath,
            Error = error,
            Host = Host,
        };
    }
}
