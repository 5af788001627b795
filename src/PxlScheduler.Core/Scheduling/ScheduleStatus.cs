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
    DateTimeOffset? LastStartedAt);
