namespace PxlScheduler.Core.Ledger;

/// <summary>What <c>latest.json</c> says about the last finished run: its status, its files, what comes next, and any halt.</summary>
public sealed record LatestState
{
    public required string RunId { get; init; }
    public required string Schedule { get; init; }
    public required string Status { get; init; }
    public int? ExitCode { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required long DurationMs { get; init; }
    public required int ConsecutiveFailures { get; init; }
    public string? LogPath { get; init; }
    public string? ArchivePath { get; init; }
    public DateTimeOffset? NextFireAt { get; init; }
    public required bool Halted { get; init; }
    public string? HaltReason { get; init; }
    public string? Error { get; init; }
}
