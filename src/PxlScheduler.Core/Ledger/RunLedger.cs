using Microsoft.Extensions.Logging;
using PxlScheduler.Core.Configuration;
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
    public async Task AppendAsync(RunRecord record, CancellationToken cancellationToken)
    {
        var line = await jsonl.AppendAsync(record, cancellationToken);
        CrashPoint.Hit(CrashPoint.AfterJsonl);
        try
        {
            await mirror.InsertAsync(record, line, cancellationToken);
        }
        catch (System.Data.Common.DbException e)
        {
            LedgerLog.MirrorBehind(logger, record.RunId, workspace.Display(jsonl.FullPath), e.Message);
        }
    }
}
