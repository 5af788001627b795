namespace PxlScheduler.Core.Ledger.Queries;

/// <summary>
/// One schedule's figures for <c>pxl ledger stats</c>. Runs, outcomes and durations cover the window asked
/// for; the last success and the current streak (the latest run's status and how many runs in a row ended
/// with it) cover the whole ledger, since they describe now. Durations use the nearest-rank percentile.
/// </summary>
public sealed record ScheduleStats
{
    public required string? Schedule { get; init; }
    public required long Runs { get; init; }
    public required long Successes { get; init; }
    public required IReadOnlyDictionary<string, long> Failures { get; init; }
    public required long Cancelled { get; init; }
    public long? P50Ms { get; init; }
    public long? P95Ms { get; init; }
    public long? MaxMs { get; init; }
    public string? LastSuccessAt { get; init; }
    public string? StreakStatus { get; init; }
    public long StreakRuns { get; init; }
}
