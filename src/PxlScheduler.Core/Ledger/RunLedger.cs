using Microsoft.Extensions.Logging;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Notifications;
using PxlScheduler.Core.Processes;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Ledger;

/// <summary>
/// The ledger as a whole (SPEC 9): the JSONL line appended and flushed first, the SQL row right after.
/// A mirror that cannot be written (busy beyond the timeout, unreadable) costs nothing recorded: the run
/// is in the JSONL, and the mirror catches up from it at the next start.
/// </summary>
internal sealed class RunLedger(JsonlLedger jsonl, SqlLedgerMirror mirror, Workspace workspace, ILogger<RunLedger> logger)
{
    public Task AppendAsync(RunRecord record, CancellationToken cancellationToken) => AppendAsync(record, null, cancellationToken);

    /// <summary>
    /// Appends the run; its events (<paramref name="notice"/>) go with its SQL row. When the mirror cannot be written
    /// they are lost, and said so: the reconcile at the next start fills the row from the JSONL but raises no events,
    /// which by then would be old news (and a rebuild would raise a flood of them).
    /// </summary>
    public async Task AppendAsync(RunRecord record, RunNotice? notice, CancellationToken cancellationToken)
    {
        var line = await jsonl.AppendAsync(record, cancellationToken);
        CrashPoint.Hit(CrashPoint.AfterJsonl);
        try
        {
            await mirror.InsertAsync(record, line, notice, cancellationToken);
        }
        catch (System.Data.Common.DbException e)
        {
            LedgerLog.MirrorBehind(logger, record.RunId, workspace.Display(jsonl.FullPath), e.Message);
            if (notice is not null)
            {
                NotificationsLog.RunEventsLost(logger, record.RunId, e.Message);
            }
        }
    }
}
