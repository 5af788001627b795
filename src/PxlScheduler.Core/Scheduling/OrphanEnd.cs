using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// How a run found unfinished at start (its in-flight marker left behind) ended, decided from its run log: as the
/// log's footer says, when the cycle ended and only its record was missing; else <c>interrupted</c>, at the log's
/// last write, the last moment the cycle was seen alive.
/// </summary>
internal sealed record OrphanEnd(CycleStatus Status, int? ExitCode, DateTimeOffset FinishedAt, string? Error)
{
    /// <summary>True when the run had ended by itself (its footer is there) and only its record was missing.</summary>
    public required bool EndedByItself { get; init; }

    /// <param name="startedAt">When the run started; the end is never before it.</param>
    /// <param name="footer">The run log's footer, or null when the log has none (the cycle never ended).</param>
    /// <param name="lastSeen">When the run log was last written (or now, without a log).</param>
    /// <param name="stopped">How many leftover processes of the run were stopped at this start.</param>
    public static OrphanEnd Decide(DateTimeOffset startedAt, RunLogFooter? footer, DateTimeOffset lastSeen, int stopped)
    {
        var end = footer is not null
            // The cycle ended and its log says how, but pxl could not record it then (an unwritable ledger halts the
            // schedule): that end is the run's, not a crash.
            ? new OrphanEnd(footer.Status, footer.ExitCode, startedAt + footer.Duration, footer.Error) { EndedByItself = true }
            : new OrphanEnd(
                CycleStatus.Interrupted,
                null,
                lastSeen,
                "pxl stopped during the cycle (crash or kill -9); found at the next start" + (stopped > 0 ? $", {stopped} leftover process(es) stopped" : string.Empty))
            { EndedByItself = false };
        return end.FinishedAt < startedAt ? end with { FinishedAt = startedAt } : end;
    }
}
