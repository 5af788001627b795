namespace PxlScheduler.Core.Scheduling;

/// <summary>What bringing the store in line with the schedule files changed, by schedule name.</summary>
public sealed record StoreSyncReport(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Updated,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Paused);
