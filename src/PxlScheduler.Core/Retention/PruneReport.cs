namespace PxlScheduler.Core.Retention;

/// <summary>What one pass of the pruner did, or on a dry run would do: each log removed, what is kept, what failed.</summary>
internal sealed record PruneReport
{
    public required bool DryRun { get; init; }

    /// <summary>The run-log folder, as shown to people.</summary>
    public required string Folder { get; init; }

    public required IReadOnlyList<PrunedRunLog> Removed { get; init; }

    public required int Kept { get; init; }

    public required long KeptBytes { get; init; }

    /// <summary>Kept although a rule would prune them: runs in flight, the failures a halted schedule stopped on.</summary>
    public required int Protected { get; init; }

    /// <summary>The oldest log kept (its path) and its run's start, or null when none is left.</summary>
    public (string Path, DateTimeOffset StartedAt)? OldestKept { get; init; }

    /// <summary>Logs that could not be removed, with why.</summary>
    public required IReadOnlyList<(string Path, string Reason)> Failed { get; init; }

    public long RemovedBytes => Removed.Sum(r => r.Bytes);
}
