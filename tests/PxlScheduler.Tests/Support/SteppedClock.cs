using Microsoft.Extensions.Time.Testing;

namespace PxlScheduler.Tests.Support;

/// <summary>
/// A fake clock whose wall time can be stepped, as NTP or an operator's <c>date -s</c> does, while its
/// monotonic timestamp (and its timers) only move with <see cref="FakeTimeProvider.Advance(TimeSpan)"/>.
/// </summary>
internal sealed class SteppedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private TimeSpan _step;

    /// <summary>Moves the wall clock by <paramref name="step"/> (negative: back) without any time passing.</summary>
    public void StepWall(TimeSpan step) => _step += step;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _step;

    // FakeTimeProvider derives its timestamp from GetUtcNow (its frequency is ticks per second); this one must not see the step.
    public override long GetTimestamp() => base.GetUtcNow().UtcTicks;
}
