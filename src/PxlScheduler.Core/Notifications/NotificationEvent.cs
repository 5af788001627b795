namespace PxlScheduler.Core.Notifications;

/// <summary>
/// One event as every channel receives it (the <c>pxl</c> format; docs/notifications.md): what happened, when, to
/// which schedule and run, and the dashboard's page of it when <c>Http:PublicUrl</c> is set. Its id stays the same
/// through every retry and restart, so a receiver can drop a duplicate.
/// </summary>
public sealed record NotificationEvent
{
    /// <summary>A version-7 GUID: unique, and sorted by time.</summary>
    public required string Id { get; init; }

    /// <summary>One of <see cref="Configuration.NotificationEventNames"/>.</summary>
    public required string Event { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required string Schedule { get; init; }

    /// <summary>The run the event is about (for a halt: the run that halted it); null for a resume, an overdue schedule or a test.</summary>
    public string? RunId { get; init; }

    /// <summary><c>{Http:PublicUrl}/runs/{run_id}</c>, or <c>/schedules/{schedule}</c> when there is no run; null without a public URL.</summary>
    public string? Link { get; init; }

    /// <summary>The run's status (<c>failure</c>, <c>timeout</c>…).</summary>
    public string? Status { get; init; }

    /// <summary>The run's error, as the ledger has it.</summary>
    public string? Error { get; init; }

    /// <summary>For a halt: why; for a resume: the halt it lifted; for an overdue schedule: what was expected.</summary>
    public string? Reason { get; init; }

    public int? ConsecutiveFailures { get; init; }

    /// <summary>For a halt: the runs of the failure streak, newest first.</summary>
    public IReadOnlyList<string>? FailingRuns { get; init; }

    /// <summary>For a backoff: when the schedule tries again.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>For an overdue schedule: when a run should have happened by.</summary>
    public DateTimeOffset? ExpectedBy { get; init; }

    /// <summary>The node that raised the event (<c>Storage:NodeName</c>).</summary>
    public string? Host { get; init; }
}
