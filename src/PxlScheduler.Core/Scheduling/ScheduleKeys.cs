using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>The Quartz identities of a schedule: one job per schedule, its main trigger and its retry trigger.</summary>
public static class ScheduleKeys
{
    public const string Group = "pxl";

    public static JobKey Job(string schedule) => new(schedule, Group);

    public static TriggerKey Trigger(string schedule) => new(schedule, Group);
}
