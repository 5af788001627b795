namespace PxlScheduler.Core.Scheduling;

/// <summary>One line of `pxl status` (SPEC 3): what the schedule is, what state it is in and why, and how it last ran.</summary>
public sealed record ScheduleStatus(
    string Name,
    string Kind,
    string When,
    string State,
    string? Reason,
    DateTimeOffset? NextFireAt,
    int ConsecutiveFailures,
    string? LastStatus,
    DateTimeOffset? LastStartedAt)
{
    /// <summary>The last run's log as the ledger row keeps it, even once retention pruned the file.</summary>
    public string? LastLogPath { get; init; }

    /// <summary>What became of that log: kept, pruned or missing (<see cref="Retention.RunLogs"/>).</summary>
    public string? LastLogState { get; init; }
}
