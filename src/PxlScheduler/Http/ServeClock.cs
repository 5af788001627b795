namespace PxlScheduler.Http;

/// <summary>When this `serve` started: a schedule with no run is counted overdue from here.</summary>
internal sealed class ServeClock(TimeProvider time)
{
    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();
}
