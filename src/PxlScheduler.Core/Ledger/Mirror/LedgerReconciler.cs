using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Ledger.Reading;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// Fills in rows the mirror lacks (a crash between the JSONL append and the insert, a database busy
/// beyond its timeout), idempotently by <c>run_id</c>, in one transaction. Run at every start.
/// </summary>
/// <remarks>
/// Fast because the ledger is append-only: it reads only the lines after the last checkpoint. It falls
/// back to the whole file when the checkpoint no longer holds — the file was replaced, or the mirror has
/// fewer rows than the checkpoint plus the records read since, which means rows were deleted.
/// </remarks>
internal sealed class LedgerReconciler(LedgerDatabase database, Workspace workspace, IOptions<PathsOptions> paths)
{
    public async Task<ReconcileResult> ReconcileAsync(Action<LedgerIssue> onIssue, CancellationToken cancellationToken)
    {
        var ledgerPath = workspace.Resolve(paths.Value.Ledger);
        var ledger = SyncCheckpoint.KeyOf(database.NodeName, workspace.Display(ledgerPath));
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var checkpoint = await SyncCheckpoint.ReadAsync(connection, transaction, ledger, cancellationToken);
        var rowsBefore = await SyncCheckpoint.CountRowsAsync(connection, transaction, database.Topology.OwnRowsHost, cancellationToken);
        var from = checkpoint is not null && checkpoint.StillHolds(ledgerPath, rowsBefore) ? checkpoint.Position : ScanPosition.Start;

        ImportResult result;
        var fullPass = from == ScanPosition.Start;
        using (var inserter = RowInserters.Open(connection, transaction, "runs"))
        {
            var newRuns = new HashSet<string>(StringComparer.Ordinal);
            result = new LedgerImport(ledgerPath, onIssue) { OnRecord = fullPass ? null : id => newRuns.Add(id) }.Run(from, inserter, cancellationToken);
            if (!fullPass && await SyncCheckpoint.CountRowsAsync(connection, transaction, database.Topology.OwnRowsHost, cancellationToken) < checkpoint!.RowCount + newRuns.Count)
            {
                var whole = new LedgerImport(ledgerPath, _ => { }).Run(ScanPosition.Start, inserter, cancellationToken);
                result = whole with { Inserted = whole.Inserted + result.Inserted, Lines = whole.Lines + result.Lines };
                fullPass = true;
            }
        }

        await SyncCheckpoint.WriteAsync(connection, transaction, ledger, database.Topology.OwnRowsHost, ledgerPath, result.End, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ReconcileResult(result.Lines, result.Inserted, fullPass);
    }
}
