namespace PxlScheduler.Core.Ledger.Queries;

/// <summary>How many runs of one schedule ended with one status, and when the latest of them started (ISO-8601 UTC).</summary>
public sealed record RunCount
{
    public required string Schedule { get; init; }
    public required string Status { get; init; }
    public required long Runs { get; init; }
    public string? LastStartedAt { get; init; }
}
