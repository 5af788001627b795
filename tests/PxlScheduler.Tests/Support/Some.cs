using PxlScheduler.Core.Schedules;

namespace PxlScheduler.Tests.Support;

/// <summary>Test data with every required field filled in; a test changes what it is about with <c>with</c>.</summary>
internal static class Some
{
    /// <summary>A nightly cron schedule at 02:00 UTC that never halts, with a 60 s backoff capped at 10 min.</summary>
    public static ScheduleDefinition CronSchedule() => new()
    {
        Name = "nightly",
        Kind = ScheduleKind.Cron,
        Cron = "0 0 2 * * ?",
        Mode = "experimental",
        Timeout = TimeSpan.FromMinutes(5),
        MaxFailures = 0,
        BackoffBase = TimeSpan.FromSeconds(60),
        BackoffMax = TimeSpan.FromMinutes(10),
        CapWrites = 3,
    };
}
