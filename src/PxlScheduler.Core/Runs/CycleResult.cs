namespace PxlScheduler.Core.Runs;

/// <summary>How one cycle ended, with everything the ledger and <c>latest.json</c> record about it.</summary>
public sealed record CycleResult(
    CycleRequest Request,
    CycleStatus Status,
    int? ExitCode,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string LogPath,
    string? Error)
{
    public TimeSpan Duration => FinishedAt - StartedAt;

    public int Writes { get; init; }

    public string? ArchivePath { get; init; }

    public int DigestLines { get; init; }
}
