using PxlScheduler.Core.Schedules;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>The Quartz identities of a schedule: one job per schedule, its main trigger and its retry trigger.</summary>
public static class ScheduleKeys
{
    public const string Group = "pxl";

    public static JobKey Job(string schedule) => new(schedule, Group);

    public static TriggerKey Trigger(string schedule) => new(schedule, Group);

    /// <summary>The one-shot trigger that retries a failed cron schedule after its backoff.</summary>
    public static TriggerKey Retry(string schedule) => new(schedule + ScheduleDefinition.RetrySuffix, Group);

    /// <summary>The weekday filter of a cron schedule whose two day fields must both match.</summary>
    public static string Calendar(string schedule) => $"{Group}.{schedule}.weekdays";
}
