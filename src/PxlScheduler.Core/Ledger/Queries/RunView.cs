namespace PxlScheduler.Core.Ledger.Queries;

/// <summary>A run of the ledger's SQL mirror as the API shows it: the columns of SPEC 9 (instants as ISO-8601 UTC text).</summary>
public sealed record RunView
{
    public required string RunId { get; init; }
    public string? Schedule { get; init; }
    public string? Trigger { get; init; }
    public string? Mode { get; init; }
    public string? Goal { get; init; }
    public string? StartedAt { get; init; }
    public string? FinishedAt { get; init; }
    public long? DurationMs { get; init; }
    public string? Status { get; init; }
    public long? ExitCode { get; init; }
    public long? ConsecutiveFailures { get; init; }
    public string? LogPath { get; init; }
    public string? ArchivePath { get; init; }
    public long? DigestLines { get; init; }
    public long? Writes { get; init; }
    public string? Error { get; init; }
    public string? Host { get; init; }
}
