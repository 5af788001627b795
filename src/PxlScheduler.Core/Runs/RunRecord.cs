namespace PxlScheduler.Core.Runs;

/// <summary>
/// One run as the ledger records it (SPEC 9): a line of the JSONL file and a row of the <c>runs</c> table.
/// Property names become snake_case on the wire; instants are UTC.
/// </summary>
public sealed record RunRecord
{
    public required string RunId { get; init; }
    public required string Schedule { get; init; }
    public required string Trigger { get; init; }
    public required string Mode { get; init; }
    public required string Goal { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required long DurationMs { get; init; }
    public required string Status { get; init; }
    public int? ExitCode { get; init; }
    public required int ConsecutiveFailures { get; init; }
    public string? LogPath { get; init; }
    public string? ArchivePath { get; init; }
    public int DigestLines { get; init; }
    public int Writes { get; init; }
    public string? Error { get; init; }
    public required string Host { get; init; }
}
