using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Ledger;

/// <summary>
/// A row of the <c>runs</c> table: the columns of SPEC 9 as stored (instants as ISO-8601 UTC text), each
/// NULL when a foreign line lacked it, and <see cref="Raw"/> only when the JSONL line is not the
/// canonical serialization of these columns.
/// </summary>
internal sealed record RunRow
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
    public string? Raw { get; init; }

    public static RunRow From(RunRecord record, string? raw) => new()
    {
        RunId = record.RunId,
        Schedule = record.Schedule,
        Trigger = record.Trigger,
        Mode = record.Mode,
        Goal = record.Goal,
        StartedAt = UtcInstantConverter.ToText(record.StartedAt),
        FinishedAt = UtcInstantConverter.ToText(record.FinishedAt),
        DurationMs = record.DurationMs,
        Status = record.Status,
        ExitCode = record.ExitCode,
        ConsecutiveFailures = record.ConsecutiveFailures,
        LogPath = record.LogPath,
        ArchivePath = record.ArchivePath,
        DigestLines = record.DigestLines,
        Writes = record.Writes,
        Error = record.Error,
        Host = record.Host,
        Raw = raw,
    };

    /// <summary>The values in the order of <see cref="Mirror.RunColumns.All"/>, NULL as <see cref="DBNull"/>.</summary>
    public void CopyTo(Span<object> values)
    {
        values[0] = RunId;
        values[1] = Schedule ?? (object)DBNull.Value;
        values[2] = Trigger ?? (object)DBNull.Value;
        values[3] = Mode ?? (object)DBNull.Value;
        values[4] = Goal ?? (object)DBNull.Value;
        values[5] = StartedAt ?? (object)DBNull.Value;
        values[6] = FinishedAt ?? (object)DBNull.Value;
        values[7] = DurationMs ?? (object)DBNull.Value;
        values[8] = Status ?? (object)DBNull.Value;
        values[9] = ExitCode ?? (object)DBNull.Value;
        values[10] = ConsecutiveFailures ?? (object)DBNull.Value;
        values[11] = LogPath ?? (object)DBNull.Value;
        values[12] = ArchivePath ?? (object)DBNull.Value;
        values[13] = DigestLines ?? (object)DBNull.Value;
        values[14] = Writes ?? (object)DBNull.Value;
        values[15] = Error ?? (object)DBNull.Value;
        values[16] = Host ?? (object)DBNull.Value;
        values[17] = Raw ?? (object)DBNull.Value;
    }
}
