using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Http;

/// <summary>
/// Unhealthy when a cycle could not be recorded: the JSONL ledger cannot be opened for appending, or the store (the
/// SQL mirror and Quartz's tables) does not answer a query.
/// </summary>
internal sealed class StoreHealthCheck(LedgerDatabase database, IOptions<PathsOptions> paths, Workspace workspace) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var ledger = workspace.Resolve(paths.Value.Ledger);
        try
        {
            // Opened for appending, nothing written: the permission and the disk's read-only flag are what a record needs.
            await using var stream = new FileStream(ledger, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"the ledger {workspace.Display(ledger)} ({PathsOptions.SectionName}:Ledger) is not writable: {e.Message}");
        }

        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"the store ({database.Describe(workspace)}, {StorageOptions.SectionName}:ConnectionString) does not answer: {e.Message.ReplaceLineEndings(" ")}");
        }

        return HealthCheckResult.Healthy($"the ledger {workspace.Display(ledger)} is writable and the store answers");
    }
}
