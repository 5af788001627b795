namespace PxlScheduler.Core.Schedules;

/// <summary>How a schedule's cycles are paced.</summary>
public enum ScheduleKind
{
    /// <summary>Fired at the times a cron expression names.</summary>
    Cron,

    /// <summary>Back to back: the next fire is the end of the previous cycle plus a sleep.</summary>
    Continuous,
}
