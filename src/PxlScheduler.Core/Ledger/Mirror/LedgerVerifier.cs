using Dapper;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Ledger.Reading;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// <c>pxl ledger verify</c>: reads the JSONL ledger into a temporary table shaped like <c>runs</c> (with the
/// same parsers and the same first-line-wins rule as a rebuild), then lets SQLite find the drift. The
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

    private const string Expected = "temp.pxl_expected";

    public async Task<VerifyReport> VerifyAsync(Action<LedgerIssue> onIssue, CancellationToken cancellationToken)
    {
        await database.EnsureSchemaAsync(cancellationToken);
        await using var connection = await database.OpenSqliteAsync("ledger verify", cancellationToken);
        var columns = string.Join(", ", RunColumns.All.Skip(1));
        // A pooled connection may still hold the table from an earlier verify in this process.
        await connection.ExecuteAsync(new CommandDefinition(
            $"DROP TABLE IF EXISTS {Expected}; CREATE TEMP TABLE pxl_expected (run_id TEXT NOT NULL PRIMARY KEY, {columns})", cancellationToken: cancellationToken));

        ImportResult ledger;
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            using var inserter = new MirrorInserter(connection, Expected);
            ledger = new LedgerImport(workspace.Resolve(paths.Value.Ledger), onIssue) { ReportDuplicates = true }.Run(ScanPosition.Start, inserter, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var rows = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM runs", cancellationToken: cancellationToken));
        var (missingCount, missing) = await SampleAsync(
            connection, $"FROM {Expected} e WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.run_id = e.run_id)", "e", cancellationToken);
        var (extraCount, extra) = await SampleAsync(
            connection, $"FROM runs r WHERE NOT EXISTS (SELECT 1 FROM {Expected} e WHERE e.run_id = r.run_id)", "r", cancellationToken);

        var differs = RunColumns.Compared.Select(c => $"e.{c} IS NOT r.{c}").Append("(e.raw IS NOT NULL AND e.raw IS NOT r.raw)").ToList();
        var from = $"FROM {Expected} e JOIN runs r ON r.run_id = e.run_id WHERE {string.Join(" OR ", differs)}";
        var differentCount = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) {from}", cancellationToken: cancellationToken));
        var different = new List<(string, IReadOnlyList<string>)>();
        var names = RunColumns.All.Skip(1).ToList();
        foreach (var row in await connection.QueryAsync(new CommandDefinition(
            $"SELECT e.run_id, {string.Join(", ", differs)} {from} ORDER BY e.rowid LIMIT {SampleSize}", cancellationToken: cancellationToken)))
        {
            var values = ((IDictionary<string, object>)row).Values.ToList();
            different.Add(((string)values[0], names.Where((_, i) => values[i + 1] is long flag && flag != 0).ToList()));
        }

        await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE {Expected}", cancellationToken: cancellationToken));
        return new VerifyReport(ledger, rows, missingCount, missing, extraCount, extra, differentCount, different);
    }

    private static async Task<(long Count, IReadOnlyList<string> Sample)> SampleAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, string from, string alias, CancellationToken cancellationToken)
    {
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) {from}", cancellationToken: cancellationToken));
        var sample = await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT {alias}.run_id {from} ORDER BY {alias}.rowid LIMIT {SampleSize}", cancellationToken: cancellationToken));
        return (count, sample.ToList());
    }
}
