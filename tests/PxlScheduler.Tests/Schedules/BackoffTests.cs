using PxlScheduler.Core.Schedules;

namespace PxlScheduler.Tests.Schedules;

public sealed class BackoffTests
{
    [Theory]
    // Doubling from the base
    [InlineData(1, 60, 3600, 60)]
    [InlineData(2, 60, 3600, 120)]
    [InlineData(6, 60, 3600, 1920)]
    // Held at the maximum
    [InlineData(7, 60, 3600, 3600)]
    [InlineData(500, 60, 3600, 3600)]
    // A maximum below the base wins from the start
    [InlineData(1, 60, 30, 30)]
    public void Delay_NthFailure_IsBaseTimesPowerOfTwoCapped(int failures, int baseSeconds, int maxSeconds, int expectedSeconds)
    {
        var delay = Backoff.Delay(failures, TimeSpan.FromSeconds(baseSeconds), TimeSpan.FromSeconds(maxSeconds));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }

    [Theory]
    [InlineData(ScheduleKind.Continuous, 0, 1)]
    [InlineData(ScheduleKind.Continuous, 600, 600)]
    [InlineData(ScheduleKind.Cron, 0, 60)]
    public void DefaultBase_ByKind_IsSleepAtLeastOneSecondOrSixtyForCron(ScheduleKind kind, int sleepSeconds, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Backoff.DefaultBase(kind, TimeSpan.FromSeconds(sleepSeconds)));
    }
}
