using System.Text.Json;
using Dapper;
using PxlScheduler.Core.Ledger.Mirror;
using PxlScheduler.Core.Notifications;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Core.Ledger;

/// <summary>
/// The <c>runs</c> table: one row per ledger line, inserted idempotently by <c>run_id</c>. The line goes
/// into <c>raw</c> only when it is not the canonical serialization of the record (migration 002). A run's
/// notifications go into the outbox in the transaction of its row (SPEC 14): the row and its events, or neither.
/// </summary>
internal sealed class SqlLedgerMirror(LedgerDatabase database, Outbox? outbox = null)
{
    /// <summary>
    /// Inserts the row of <paramref name="record"/>; true when it was new, false when the run was already
    /// mirrored. On a cluster the run's in-flight row goes in the same transaction: the run is never both
    /// finished and running, nor neither.
    /// </summary>
    public Task<bool> InsertAsync(RunRecord record, string raw, CancellationToken cancellationToken) =>
        WriteAsync(record, raw, replace: false, null, cancellationToken);

    /// <summary>As <see cref="InsertAsync(RunRecord, string, CancellationToken)"/>, with the run's events (<paramref name="notice"/>) written to the outbox when the row is new.</summary>
    public Task<bool> InsertAsync(RunRecord record, string raw, RunNotice? notice, CancellationToken cancellationToken) =>
        WriteAsync(record, raw, replace: false, notice, cancellationToken);

    /// <summary>Puts the row of <paramref name="record"/> in place of the one stored under its run id (the JSONL's truth over another node's guess).</summary>
    public Task ReplaceAsync(RunRecord record, string raw, CancellationToken cancellationToken) =>
        WriteAsync(record, raw, replace: true, null, cancellationToken);

    private async Task<bool> WriteAsync(RunRecord record, string raw, bool replace, RunNotice? notice, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (replace)
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM runs WHERE run_id = @runId", new { runId = record.RunId }, transaction, cancellationToken: cancellationToken));
        }

        var canonical = raw == JsonSerializer.Serialize(record, LedgerJson.Line.RunRecord);
        bool inserted;
        using (var inserter = RowInserters.Open(connection, transaction, "runs"))
        {
            inserted = inserter.Insert(RunRow.From(record, canonical ? null : raw));
        }

        if (database.Topology.Clustered)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM pxl_runs_in_flight WHERE run_id = @runId", new { runId = record.RunId }, transaction, cancellationToken: cancellationToken));
        }

        var notified = inserted && notice is not null && outbox is not null
            && (await outbox.AppendRunAsync(connection, transaction, notice, cancellationToken)).Count > 0;
        await transaction.CommitAsync(cancellationToken);
        if (notified)
        {
            outbox!.Written();
        }

        return inserted;
    }

    public async Task<RunRecord?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT run_id AS RunId, schedule, trigger, mode, goal, started_at AS StartedAt, finished_at AS FinishedAt,
                duration_ms AS DurationMs, status, exit_code AS ExitCode, consecutive_failures AS ConsecutiveFailures,
                log_path AS LogPath, archive_path AS ArchivePath, digest_lines AS DigestLines, writes, error, host, raw
            FROM runs WHERE run_id = @runId
            """,
            new { runId },
            cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM runs", cancellationToken: cancellationToken));
    }

    /// <summary>A <c>runs</c> row as Dapper maps it: instants as their ISO-8601 text.</summary>
    private sealed record Row
    {
        public required string RunId { get; init; }
        public required string Schedule { get; init; }
        public required string Trigger { get; init; }
        public required string Mode { get; init; }
        public required string Goal { get; init; }
        public required string StartedAt { get; init; }
        public required string FinishedAt { get; init; }
        public long DurationMs { get; init; }
        public required string Status { get; init; }
        public long? ExitCode { get; init; }
        public long ConsecutiveFailures { get; init; }
        public string? LogPath { get; init; }
        public string? ArchivePath { get; init; }
        public long DigestLines { get; init; }
        public long Writes { get; init; }
        public string? Error { get; init; }
        public required string Host { get; init; }
        public string? Raw { get; init; }

        public RunRecord ToRecord() => new()
        {
            RunId = RunId,
            Schedule = Schedule,
            Trigger = Trigger,
            Mode = Mode,
            Goal = Goal,
            StartedAt = DateTimeOffset.Parse(StartedAt, System.Globalization.CultureInfo.InvariantCulture),
            FinishedAt = DateTimeOffset.Parse(FinishedAt, System.Globalization.CultureInfo.InvariantCulture),
            DurationMs = DurationMs,
            Status = Status,
            ExitCode = (int?)ExitCode,
            ConsecutiveFailures = (int)ConsecutiveFailures,
            LogPath = LogPath,
            ArchivePath = ArchivePath,
            DigestLines = (int)DigestLines,
            Writes = (int)Writes,
            Error = Error,
            Host = Host,
        };
    }
}
