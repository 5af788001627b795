using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Http;

/// <summary>
/// On a clustered store, brings the run counters up to the shared ledger's every <see cref="PxlMetrics.ClusterRefresh"/>
/// (one GROUP BY, off the scrape's path), so every node counts the runs of all of them.
/// </summary>
internal sealed class MetricsRefresher(PxlMetrics metrics, LedgerDatabase database, TimeProvider time, ILogger<MetricsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!database.Topology.Clustered)
        {
            return;
        }

        using var timer = new PeriodicTimer(PxlMetrics.ClusterRefresh, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await metrics.RefreshCountsAsync(stoppingToken);
            }
            catch (System.Data.Common.DbException e)
            {
                HttpLog.MetricsRefreshFailed(logger, e.Message);
            }
        }
    }
}
