namespace PxlScheduler.Core.Schedules;

/// <summary>The wait before the next attempt after the n-th consecutive failure (SPEC 7): min(base × 2^(n−1), max).</summary>
public static class Backoff
{
    public static TimeSpan Delay(int consecutiveFailures, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutiveFailures, 1);
        // Past 2^62 ticks the doubling overflows; by then the cap has long been reached.
        var exponent = Math.Min(consecutiveFailures - 1, 62);
        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// Whether a backoff window ending at <paramref name="until"/> still holds at <paramref name="now"/>. A window
    /// is opened at most <paramref name="maxDelay"/> ahead; one reaching further can only be left by a wall clock
    /// stepped back since, and holding it would silence the schedule for the size of the step: it is over.
    /// </summary>
    public static bool Holds(DateTimeOffset until, DateTimeOffset now, TimeSpan maxDelay) =>
        now < until && until - now <= maxDelay;

    /// <summary>The base a schedule gets when it names none: the continuous sleep (at least 1 s), or 60 s for cron.</summary>
    public static TimeSpan DefaultBase(ScheduleKind kind, TimeSpan sleep) => kind switch
    {
        ScheduleKind.Continuous => sleep < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : sleep,
        _ => TimeSpan.FromSeconds(60),
    };
}
