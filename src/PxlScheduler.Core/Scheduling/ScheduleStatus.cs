namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// One schedule as `pxl status` and the HTTP API (SPEC 3, 12) show it: what the schedule is, what state it is in
/// and why, and how it last ran. Both serialize this record, so they cannot disagree.
/// </summary>
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
    /// <summary>The cron expression (cron schedules).</summary>
    public string? Cron { get; init; }

    /// <summary>The sleep between cycles in seconds (continuous schedules).</summary>
    public double? SleepSeconds { get; init; }

    /// <summary>The IANA time zone a cron expression is read in (cron schedules).</summary>
    public string? Zone { get; init; }

    /// <summary>Whether the schedule's file enables it.</summary>
    public bool Enabled { get; init; }

    /// <summary>While it backs off after a failure: when the backoff ends.</summary>
    public DateTimeOffset? BackoffUntil { get; init; }

    /// <summary>The run id of its latest run in the ledger.</summary>
    public string? LastRunId { get; init; }

    /// <summary>When its latest successful run started.</summary>
    public DateTimeOffset? LastSuccessAt { get; init; }
}
