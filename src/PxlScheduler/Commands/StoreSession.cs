using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PxlScheduler.Core;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Scheduling;
using PxlScheduler.Core.Storage;
using PxlScheduler.Hosting;
using Quartz;

namespace PxlScheduler.Commands;

/// <summary>
/// The persistent Quartz store `serve` runs on, opened by a command: the host's services plus a
/// scheduler on the store that is built but never started (SPEC 3; a second started scheduler would
/// run recovery over `serve`'s rows). Changes made through it reach a running `serve` at its next
/// poll, within about a second.
/// </summary>
internal sealed class StoreSession : IAsyncDisposable
{
    private readonly IHost _host;

    private StoreSession(IHost host, IScheduler scheduler)
    {
        _host = host;
        Scheduler = scheduler;
    }

    public IScheduler Scheduler { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>A host builder with the persistent store configured; `serve` adds the hosted services to it.</summary>
    public static HostApplicationBuilder CreateBuilder(Workspace workspace, IReadOnlyDictionary<string, string?> overrides) =>
        UseStore(PxlHost.CreateBuilder(workspace, overrides), workspace);

    /// <summary>Configures the persistent store on <paramref name="builder"/> (a plain host or `serve`'s web host).</summary>
    public static TBuilder UseStore<TBuilder>(TBuilder builder, Workspace workspace)
        where TBuilder : IHostApplicationBuilder
    {
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        builder.Services.AddPxlQuartz(PersistentStore.InstanceName, q => PersistentStore.Use(q, storage, workspace));
        return builder;
    }

    /// <summary>Opens the store, runs <paramref name="action"/> on it, closes it; configuration errors exit 2 naming the key.</summary>
    public static Task<int> RunAsync(CliContext cli, Func<StoreSession, CancellationToken, Task<int>> action, CancellationToken cancellationToken) =>
        cli.GuardAsync(async () =>
        {
            await using var session = await OpenAsync(cli.Workspace, cancellationToken);
            return await action(session, cancellationToken);
        });

    private static async Task<StoreSession> OpenAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var host = PxlHost.BuildValidated(CreateBuilder(workspace, new Dictionary<string, string?>()));
        try
        {
            var database = host.Services.GetRequiredService<LedgerDatabase>();
            await database.EnsureSchemaAsync(cancellationToken);
            IScheduler scheduler;
            try
            {
                scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
            }
            catch (SchedulerException) when (database.WhyReadOnly() is { } why)
            {
                // Quartz would create its tables and cannot: say that, not its 10 attempts and the SQL it tried.
                throw new Microsoft.Data.Sqlite.SqliteException(
                    $"{database.Describe(workspace)} holds no Quartz store, and one cannot be created because {why}: `pxl serve` has not run on this database", SQLitePCL.raw.SQLITE_READONLY);
            }

            return new StoreSession(host, scheduler);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>The job of schedule <paramref name="name"/>, or null after printing an error that lists the known names.</summary>
    public async Task<IJobDetail?> FindScheduleAsync(CliContext cli, string name, CancellationToken cancellationToken)
    {
        if (await Scheduler.GetJobDetail(ScheduleKeys.Job(name), cancellationToken) is { } job)
        {
            return job;
        }

        var known = (await Scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(ScheduleKeys.Group), cancellationToken))
            .Select(k => k.Name).Order(StringComparer.Ordinal).ToList();
        cli.UsageError([$"no schedule named '{name}' in the store; known: {(known.Count == 0 ? "none (has `pxl serve` run?)" : string.Join(", ", known))}."]);
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.Shutdown(waitForJobsToComplete: false, CancellationToken.None);
        _host.Dispose();
    }
}
