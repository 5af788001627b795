namespace PxlScheduler.Core.Schedules;

/// <summary>What a cron schedule does about fire times missed while `serve` was down or the schedule paused.</summary>
public enum MisfirePolicy
{
    /// <summary>Missed fire times are dropped; the next one on the clock runs.</summary>
    Skip,

    /// <summary>One catch-up run now, however many were missed, then the clock again.</summary>
    FireOnce,
}
