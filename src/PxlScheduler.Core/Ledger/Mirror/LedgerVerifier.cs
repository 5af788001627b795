using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Ledger.Reading;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// <c>pxl ledger verify</c>: reads the JSONL ledger into a temporary table shaped like <c>runs</c> (with the
/// same parsers and the same first-line-wins rule as a rebuild), then lets the database find the drift. The
/// temporary table lives in this connection only; neither the ledger nor <c>runs</c> is written.
/// </summary>
/// <remarks>
/// A row differs when any column differs, or when the line is not canonical and <c>raw</c> does not hold
/// it. When the line is canonical its columns say everything, so a <c>raw</c> copy kept from before
/// migration 002 is not drift.
/// </remarks>
internal sealed class LedgerVerifier(LedgerDatabase database, Workspace workspace, IOptions<PathsOptions> paths)
{
    public const int SampleSize = 20;

    public async Task<VerifyReport> VerifyAsync(Action<LedgerIssue> onIssue, CancellationToken cancellationToken)
    {
        await database.EnsureSchemaAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var postgres = database.Provider == StorageProvider.Postgres;
        // SQLite keeps temporary tables in schema temp, PostgreSQL in pg_temp; the insertion order is rowid or ctid.
        var expected = postgres ? "pg_temp.pxl_expected" : "temp.pxl_expected";
        var order = postgres ? "ctid" : "rowid";
        // On a shared database the other nodes' rows are theirs, not drift of this node's ledger.
        var own = database.Topology.OwnRowsHost is null ? "" : " AND (r.host = @node OR r.host IS NULL)";
        var node = new { node = database.NodeName };
        // A pooled connection may still hold the table from an earlier verify in this process.
        await connection.ExecuteAsync(new CommandDefinition(
            $"DROP TABLE IF EXISTS {expected}; " + (postgres
                ? "CREATE TEMP TABLE pxl_expected (LIKE runs INCLUDING INDEXES)"
                : $"CREATE TEMP TABLE pxl_expected ({RunFields.RunId.Name} TEXT NOT NULL PRIMARY KEY, {string.Join(", ", RunColumns.All.Skip(1))})"),
            cancellationToken: cancellationToken));

        ImportResult ledger;
        var ledgerPath = workspace.Resolve(paths.Value.Ledger);
        var duplicated = new HashSet<string>(StringComparer.Ordinal);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            // Disposed before the commit: a batching inserter writes its last rows then.
            using (var inserter = RowInserters.Open(connection, transaction, expected, fresh: true))
            {
                ledger = new LedgerImport(ledgerPath, onIssue) { ReportDuplicates = true, OnDuplicate = (_, id) => duplicated.Add(id) }
                    .Run(ScanPosition.Start, inserter, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var rows = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM runs r WHERE 1 = 1{own}", node, cancellationToken: cancellationToken));
        var (missingCount, missing) = await SampleAsync(
            connection, $"FROM {expected} e WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.run_id = e.run_id)", "e", order, node, cancellationToken);
        var (extraCount, extra) = await SampleAsync(
            connection, $"FROM runs r WHERE NOT EXISTS (SELECT 1 FROM {expected} e WHERE e.run_id = r.run_id){own}", "r", order, node, cancellationToken);

        var differs = RunColumns.Compared.Select(c => $"e.{c} IS DISTINCT FROM r.{c}").Append("(e.raw IS NOT NULL AND e.raw IS DISTINCT FROM r.raw)").ToList();
        var from = $"FROM {expected} e JOIN runs r ON r.run_id = e.run_id WHERE {string.Join(" OR ", differs)}";
        var differentCount = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) {from}", cancellationToken: cancellationToken));
        var different = new List<(string, IReadOnlyList<string>)>();
        var names = RunColumns.All.Skip(1).ToList();
        // A plain reader rather than Dapper's dynamic rows: `dynamic` needs code generated at run time, which Native AOT has not.
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT e.run_id, {string.Join(", ", differs)} {from} ORDER BY e.{order} LIMIT {SampleSize}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                different.Add((reader.GetString(0), names.Where((_, i) => reader.GetValue(i + 1) is true or (long and not 0)).ToList()));
            }
        }

        await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE {expected}", cancellationToken: cancellationToken));
        // Where each of the first duplicated run ids is (a second read of the file, only when there are any).
        var sample = duplicated.Take(SampleSize).ToHashSet(StringComparer.Ordinal);
        var lines = sample.Count == 0 ? [] : RecordedRunLookup.LineNumbers(ledgerPath, sample, cancellationToken);
        var twice = sample.Select(id => (id, (IReadOnlyList<long>)lines.GetValueOrDefault(id, []))).OrderBy(d => d.Item2.Count > 0 ? d.Item2[0] : 0).ToList();
        return new VerifyReport(ledger, rows, missingCount, missing, extraCount, extra, differentCount, different, duplicated.Count, twice);
    }

    private static async Task<(long Count, IReadOnlyList<string> Sample)> SampleAsync(
        DbConnection connection, string from, string alias, string order, object parameters, CancellationToken cancellationToken)
    {
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) {from}", parameters, cancellationToken: cancellationToken));
        var sample = await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT {alias}.run_id {from} ORDER BY {alias}.{order} LIMIT {SampleSize}", parameters, cancellationToken: cancellationToken));
        return (count, sample.ToList());
    }
}
