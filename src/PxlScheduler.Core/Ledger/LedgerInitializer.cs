using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Ledger.Mirror;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Core.Ledger;

/// <summary>
/// Before the scheduler starts: creates or migrates the ledger's SQL schema, then fills in any run the
/// mirror lacks from the JSONL (SPEC 9). A database that cannot be reached or written is logged, not
/// fatal: the JSONL holds every run, and the next start tries again.
/// </summary>
internal sealed class LedgerInitializer(
    LedgerDatabase database, LedgerReconciler reconciler, Workspace workspace, IOptions<PathsOptions> paths, ILogger<LedgerInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var ledger = workspace.Display(paths.Value.Ledger);
        try
        {
            await database.EnsureSchemaAsync(cancellationToken);
            var result = await reconciler.ReconcileAsync(issue => LedgerLog.LineProblem(logger, ledger, issue.LineNumber, issue.Message), cancellationToken);
            if (result.Filled > 0)
            {
                LedgerLog.MirrorFilled(logger, result.Filled, ledger, result.LinesRead, result.FullPass ? "whole file" : "since the last start");
            }
        }
        catch (System.Data.Common.DbException e)
        {
            LedgerLog.ReconcileFailed(logger, ledger, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
