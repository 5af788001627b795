using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Ledger.Reading;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// <c>pxl ledger rebuild</c>: recreates <c>runs</c> from the JSONL ledger in one transaction, so a reader
/// sees the old mirror or the new one, never half of each. The JSONL is only read.
/// </summary>
/// <remarks>
/// The indexes are dropped and created again around the inserts inside the same transaction: on a
/// million lines that measured faster than keeping them up to date row by row (about 14 s against 16.5 s).
/// Their definitions come from <c>sqlite_master</c>, so the migrations stay the one place they are written.
/// <para>
/// Each index is sorted by SQLite's sorter in runs the size of the connection's page cache (2 MiB by default),
/// which fit in the CPU's cache, merged from temporary files in SQLite's temp directory (<c>SQLITE_TMPDIR</c>,
/// <c>TMPDIR</c>, <c>/var/tmp</c> or <c>/tmp</c>; about 60 MB a million runs for the largest index, deleted as
/// it goes), with the spare cores sorting runs in parallel (<c>PRAGMA threads</c>). On a million runs the four
/// indexes took 1.5 s this way, against 2.8 s sorted in memory in one piece (<c>temp_store=MEMORY</c> and a
/// 64 MiB cache), where most of the time went to cache misses.
/// </para>
/// <para>
/// Durability is not traded for speed here. The rebuild keeps WAL and <c>synchronous=NORMAL</c>, so a crash
/// or a power cut at any point leaves the old mirror or the new one. <c>journal_mode=OFF</c> could leave a
/// half-written file. <c>synchronous=OFF</c> skips the syncs of the checkpoint that folds the WAL back, and a
/// power cut then could corrupt the file. That file also holds the sync checkpoint and, under <c>serve</c>,
/// Quartz's store, which the JSONL cannot give back. <c>synchronous=OFF</c> measured no CPU saving. Leaving
/// the WAL would save part of the ~1.5 s of CPU spent writing pages through it and back, but most of the
/// cost is SQLite's inserts and index sorts (docs/performance.md, "Ledger benchmark").
/// </para>
/// </remarks>
internal sealed class LedgerRebuilder(LedgerDatabase database, Workspace workspace, IOptions<PathsOptions> paths)
{
    /// <summary>On a shared database, the rows a rebuild replaces: this node's (<c>@node</c>), and those that name no host.</summary>
    private const string OwnRows = "host = @node OR host IS NULL";

    /// <summary>Worker threads SQLite's sorter may use besides the calling one: the cores the parser no longer needs once the rows are in.</summary>
    private static readonly int SorterThreads = Math.Clamp(Environment.ProcessorCount - 1, 0, 4);

    public async Task<ImportResult> RebuildAsync(Action<LedgerIssue> onIssue, Action<ImportProgress>? onProgress, CancellationToken cancellationToken)
    {
        var ledgerPath = workspace.Resolve(paths.Value.Ledger);
        await database.EnsureSchemaAsync(cancellationToken);
        await RefuseWithoutLedgerAsync(ledgerPath, cancellationToken);
        if (database.Topology.Clustered)
        {
            return await RebuildSharedAsync(ledgerPath, onIssue, onProgress, cancellationToken);
        }

        await using var connection = (SqliteConnection)await database.OpenAsync(cancellationToken);
        var threads = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA threads", cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition($"PRAGMA threads = {SorterThreads}", cancellationToken: cancellationToken));
        try
        {
            return await RebuildLocalAsync(connection, ledgerPath, onIssue, onProgress, cancellationToken);
        }
        finally
        {
            // The connection goes back to the pool: leave it as it was.
            await connection.ExecuteAsync(new CommandDefinition($"PRAGMA threads = {threads}", cancellationToken: CancellationToken.None));
        }
    }

    private async Task<ImportResult> RebuildLocalAsync(
        SqliteConnection connection, string ledgerPath, Action<LedgerIssue> onIssue, Action<ImportProgress>? onProgress, CancellationToken cancellationToken)
    {
        ImportResult result;
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
        {
            var indexes = (await connection.QueryAsync<(string Name, string Sql)>(new CommandDefinition(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs' AND sql IS NOT NULL ORDER BY name",
                transaction: transaction,
                cancellationToken: cancellationToken))).ToList();
            foreach (var (name, _) in indexes)
            {
                await connection.ExecuteAsync(new CommandDefinition($"DROP INDEX \"{name}\"", transaction: transaction, cancellationToken: cancellationToken));
            }

            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM runs", transaction: transaction, cancellationToken: cancellationToken));
            using (var inserter = new MirrorInserter(connection, "runs"))
            {
                var import = new LedgerImport(ledgerPath, onIssue, onProgress) { ReportDuplicates = true };
                result = import.Run(ScanPosition.Start, inserter, cancellationToken);
            }

            onProgress?.Invoke(After(result, "creating the indexes"));
            foreach (var (_, sql) in indexes)
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
            }

            await CommitAsync(connection, transaction, ledgerPath, result, onProgress, cancellationToken);
        }

        // The whole mirror went through the WAL; fold it back so the -wal file does not stay the size of the table.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken: cancellationToken));
        return result;
    }

    /// <summary>
    /// On a shared database: this node's rows (and rows that name no host) are deleted and imported again
    /// from this node's JSONL, in one transaction; the other nodes' rows are theirs and stay.
    /// </summary>
    private async Task<ImportResult> RebuildSharedAsync(string ledgerPath, Action<LedgerIssue> onIssue, Action<ImportProgress>? onProgress, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM runs WHERE {OwnRows}", new { node = database.NodeName }, transaction, cancellationToken: cancellationToken));
        ImportResult result;
        using (var inserter = RowInserters.Open(connection, transaction, "runs", fresh: true))
        {
            result = new LedgerImport(ledgerPath, onIssue, onProgress) { ReportDuplicates = true }.Run(ScanPosition.Start, inserter, cancellationToken);
        }

        await CommitAsync(connection, transaction, ledgerPath, result, onProgress, cancellationToken);
        return result;
    }

    /// <summary>
    /// A ledger file that is not there (moved, or <c>Paths:Ledger</c> pointing elsewhere) would rebuild the mirror
    /// empty: refused while the mirror holds runs that the rebuild would delete. An empty file is a deliberate
    /// "no runs", and is rebuilt from.
    /// </summary>
    private async Task RefuseWithoutLedgerAsync(string ledgerPath, CancellationToken cancellationToken)
    {
        if (File.Exists(ledgerPath))
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            database.Topology.OwnRowsHost is null ? "SELECT COUNT(*) FROM runs" : $"SELECT COUNT(*) FROM runs WHERE {OwnRows}",
            new { node = database.Topology.OwnRowsHost },
            cancellationToken: cancellationToken));
        if (rows > 0)
        {
            throw new LedgerRefusedException(
                $"the ledger {workspace.Display(ledgerPath)} ({PathsOptions.SectionName}:Ledger) does not exist, and a rebuild would empty the mirror of its {rows} run(s); " +
                "nothing was changed. Restore the file or correct the path; to empty the mirror on purpose, create the file empty");
        }
    }

    /// <summary>Stores how far the JSONL was read, so the next start's reconciliation goes on from there, and commits.</summary>
    private async Task CommitAsync(
        DbConnection connection, DbTransaction transaction, string ledgerPath, ImportResult result, Action<ImportProgress>? onProgress, CancellationToken cancellationToken)
    {
        onProgress?.Invoke(After(result, "committing"));
        await SyncCheckpoint.WriteAsync(connection, transaction, SyncCheckpoint.KeyOf(database.NodeName, workspace.Display(ledgerPath)), database.Topology.OwnRowsHost, ledgerPath, result.End, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static ImportProgress After(ImportResult result, string step) => new(result.End.Offset, result.End.Offset, result.Lines, step);
}
