using Microsoft.Extensions.Hosting;

namespace PxlScheduler.Core.Ledger;

/// <summary>Creates or migrates the ledger's SQL schema before the scheduler starts.</summary>
internal sealed class LedgerInitializer(LedgerDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
