using PxlScheduler.Core.Notifications;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;

namespace PxlScheduler.Tests.Notifications;

/// <summary>Which events a run raises, and when a schedule is overdue: the pure rules behind SPEC 14.</summary>
public sealed class NotificationRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    // A streak opens once; the failures after it are coalesced.
    [InlineData(CycleStatus.Failure, false, false, "run.failed,schedule.backoff")]
    [InlineData(CycleStatus.Failure, true, false, "schedule.backoff")]
    [InlineData(CycleStatus.Failure, true, true, "schedule.halted")]
    // Its own event every time, beside the streak's.
    [InlineData(CycleStatus.Timeout, false, false, "run.failed,run.timeout,schedule.backoff")]
    [InlineData(CycleStatus.StartFailed, true, true, "run.start_failed,schedule.halted")]
    // A success closes a streak, and only a streak.
    [InlineData(CycleStatus.Success, true, false, "run.recovered")]
    [InlineData(CycleStatus.Success, false, false, "")]
    // A shutdown is not a run of the streak.
    [InlineData(CycleStatus.Cancelled, true, false, "")]
    public void RunEvents_Raised(CycleStatus status, bool previousFailed, bool halts, string expected)
    {
        var verdict = new CycleVerdict(3, halts ? null : T0.AddMinutes(1), halts ? "halted after 3 consecutive failure(s)" : null);
        var notice = new RunNotice("s", null, "r1", status, null, verdict, T0);

        Assert.Equal(expected, string.Join(',', RunEvents.Raised(notice, previousFailed)));
    }

    [Fact]
    public void Overdue_Cron_FirstFireAfterTheLastStartPlusTimeoutAndGrace()
    {
        var hourly = Schedule(ScheduleKind.Cron) with { Cron = "0 0 * * * ?" };
        var last = new LastRun("r1", T0.AddMinutes(1), T0.AddMinutes(2), 0);

        Assert.Equal(T0.AddHours(1) + TimeSpan.FromMinutes(10) + TimeSpan.FromMinutes(5), OverdueRule.ExpectedBy(hourly, last, T0, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Overdue_FailingSchedule_WaitsOutItsBackoffFirst()
    {
        var loop = Schedule(ScheduleKind.Continuous) with { Sleep = TimeSpan.FromMinutes(1) };
        var last = new LastRun("r1", T0, T0.AddMinutes(1), 3);

        // Backoff after 3 failures: min(60 s × 4, 3600 s) = 4 min, later than the 1 min sleep.
        Assert.Equal(T0.AddMinutes(1 + 4 + 10) + TimeSpan.FromSeconds(30), OverdueRule.ExpectedBy(loop, last, T0, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Overdue_NoRunYet_CountsFromWhenServeBeganToWatch()
    {
        var loop = Schedule(ScheduleKind.Continuous) with { Sleep = TimeSpan.FromMinutes(1) };

        Assert.Equal(T0.AddMinutes(11), OverdueRule.ExpectedBy(loop, null, T0, TimeSpan.Zero));
    }

    private static ScheduleDefinition Schedule(ScheduleKind kind) => new()
    {
        Name = "s",
        Kind = kind,
        Mode = "experimental",
        Timeout = TimeSpan.FromMinutes(10),
        MaxFailures = 5,
        BackoffBase = TimeSpan.FromSeconds(60),
        BackoffMax = TimeSpan.FromSeconds(3600),
        CapWrites = 3,
    };
}
