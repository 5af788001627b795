namespace PxlScheduler.Core.Runs;

/// <summary>
/// What a finished cycle means for its schedule: the consecutive-failure count after it, when the
/// schedule fires next, and the halt reason when this failure halted it.
/// </summary>
public sealed record CycleVerdict(int ConsecutiveFailures, DateTimeOffset? NextFireAt, string? HaltReason)
{
    public bool Halted => HaltReason is not null;
}
