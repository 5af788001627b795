using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Ledger.Reading;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Looks a run id up where a run is recorded: this node's JSONL first — read whole, each line's <c>run_id</c> parsed
/// and compared exactly, so a line of any length and any distance from the end is found — then, on a cluster, the
/// shared mirror.
/// </summary>
internal sealed class RecordedRunFinder(JsonlLedger jsonl, LedgerDatabase database, SqlLedgerMirror mirror)
{
    /// <summary>Where <paramref name="runId"/> is recorded, or null when nowhere.</summary>
    public async Task<RecordedRun?> FindAsync(string runId, CancellationToken cancellationToken)
    {
        if (RecordedRunLookup.Find(jsonl.FullPath, runId, cancellationToken) is { } line)
        {
            return new RecordedRun(line, null);
        }

        return await AccountedByAnotherNodeAsync(runId, cancellationToken) is { } shared ? new RecordedRun(null, shared) : null;
    }

    /// <summary>The run as the shared ledger holds it when another node recorded it (clusters only), else null.</summary>
    private async Task<Runs.RunRecord?> AccountedByAnotherNodeAsync(string runId, CancellationToken cancellationToken)
    {
        if (!database.Topology.Clustered)
        {
            return null;
        }

        try
        {
            return await mirror.GetAsync(runId, cancellationToken);
        }
        catch (System.Data.Common.DbException)
        {
            return null;
        }
    }
}
