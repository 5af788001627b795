namespace PxlScheduler.Core.Runs;

/// <summary>Everything one cycle needs, resolved: the command and its expanded arguments, the limits and the labels.</summary>
public sealed record CycleRequest(
    string RunId,
    string Schedule,
    TriggerKind Trigger,
    string Mode,
    string Goal,
    string Command,
    IReadOnlyList<string> Arguments,
    TimeSpan Timeout,
    TimeSpan KillGrace,
    int CapWrites)
{
    /// <summary>The fire time the scheduler meant (UTC), given to the command as <c>PXL_SCHEDULED_AT</c>; null when nothing scheduled it.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }
}
