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

    /// <summary>The run stored under <paramref name="runId"/>, or null when there is none or its row does not hold a whole run.</summary>
    public async Task<RunRecord?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", RunColumns.All)} FROM runs WHERE {RunFields.RunId.Name} = @runId";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "runId";
        parameter.Value = runId;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var values = new object?[RunFields.All.Count];
        foreach (var field in RunFields.All)
        {
            values[field.Ordinal] = reader.IsDBNull(field.Ordinal) ? null
                : field.Kind == RunFieldKind.Integer ? reader.GetInt64(field.Ordinal)
                : reader.GetString(field.Ordinal);
        }

        return new RunRow(values).ToRecord();
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM runs", cancellationToken: cancellationToken));
    }
}
