using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Checks;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Digests;
using PxlScheduler.Core.Ledger.Mirror;
using PxlScheduler.Core.Ledger.Queries;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Notifications;
using PxlScheduler.Core.Processes;
using PxlScheduler.Core.Retention;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Sandbox;
using PxlScheduler.Core.Schedules;
using PxlScheduler.Core.Scheduling;
using PxlScheduler.Core.Storage;
using Quartz;

namespace PxlScheduler.Core;

/// <summary>The one registration of PxlScheduler's services; idempotent, so calling it twice changes nothing.</summary>
public static class PxlServiceCollectionExtensions
{
    /// <summary>Options (bound, validated at start), the cycle, the ledger and the recorder.</summary>
    public static IServiceCollection AddPxlScheduler(this IServiceCollection services)
    {
        AddValidatedOptions<CycleOptions, CycleOptionsValidator>(services, CycleOptions.SectionName);
        AddValidatedOptions<ModesOptions, ModesOptionsValidator>(services, ModesOptions.SectionName);
        AddValidatedOptions<PathsOptions, PathsOptionsValidator>(services, PathsOptions.SectionName);
        AddValidatedOptions<StorageOptions, StorageOptionsValidator>(services, StorageOptions.SectionName);
        AddValidatedOptions<ChecksOptions, ChecksOptionsValidator>(services, ChecksOptions.SectionName);
        AddValidatedOptions<RetentionOptions, RetentionOptionsValidator>(services, RetentionOptions.SectionName);
        AddValidatedOptions<NotificationsOptions, NotificationsOptionsValidator>(services, NotificationsOptions.SectionName);
        AddValidatedOptions<PublicLinkOptions, PublicLinkOptionsValidator>(services, PublicLinkOptions.SectionName);
        AddValidatedOptions<HttpOptions, HttpOptionsValidator>(services, HttpOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => Workspace.Current());
        services.TryAddSingleton<CycleProcessRunner>();
        services.TryAddSingleton<CycleService>();
        services.TryAddSingleton<CycleRequestFactory>();
        services.TryAddSingleton<RunIdSource>();
        services.TryAddSingleton<CheckCommandRunner>();
        services.TryAddSingleton<BuiltInChecks>();
        services.TryAddSingleton<PrerequisiteChecker>();
        services.TryAddSingleton<SandboxWriteCounter>();
        services.TryAddSingleton<DigestArchiveFolder>();
        services.TryAddSingleton<DigestArchiver>();
        services.TryAddSingleton<DigestVerifier>();
        services.TryAddSingleton<JsonlLedger>();
        services.TryAddSingleton<LedgerDatabase>();
        services.TryAddSingleton<SqlLedgerMirror>();
        services.TryAddSingleton<RunLedger>();
        services.TryAddSingleton<LedgerRebuilder>();
        services.TryAddSingleton<LedgerReconciler>();
        services.TryAddSingleton<LedgerVerifier>();
        services.TryAddSingleton<ReadOnlyLedger>();
        services.TryAddSingleton<LatestPointer>();
        services.TryAddSingleton<RunRecorder>();
        services.TryAddSingleton<ScheduleFileReader>();
        services.TryAddSingleton<ScheduleStoreSync>();
        services.TryAddSingleton<ScheduleControl>();
        services.TryAddSingleton<ScheduleEvents>();
        services.TryAddSingleton<InFlightRuns>();
        services.TryAddSingleton<CyclePathWarmUp>();
        services.TryAddSingleton<RecordedRunFinder>();
        services.TryAddSingleton<InterruptedRunRecorder>();
        services.TryAddSingleton<InterruptedRunRecovery>();
        services.TryAddSingleton<DeadNodeRuns>();
        services.TryAddSingleton<ScheduleStatusReader>();
        services.TryAddSingleton<StopFile>();
        services.TryAddSingleton<RunLogPruner>();
        services.TryAddSingleton<ProtectedRunLogs>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LedgerInitializer>());
        services.TryAddSingleton<NotificationEvents>();
        services.TryAddSingleton<ChannelRouting>();
        services.TryAddSingleton<Outbox>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, WebhookSender>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, CommandSender>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, EmailSender>());
        services.AddHttpClient(WebhookSender.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }

    /// <summary>Serve's delivery of the notification outbox (SPEC 14); other commands only write to it.</summary>
    public static IServiceCollection AddPxlNotificationDelivery(this IServiceCollection services)
    {
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OutboxDispatcher>(s => s.GetRequiredService<OutboxDispatcher>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OverdueWatch>());
        return services;
    }

    /// <summary>
    /// Quartz with PxlScheduler's job and listeners. Shutdown signals the running cycle's cancellation
    /// token, so its process tree is stopped and the run recorded as cancelled. Nothing starts the
    /// scheduler unless <see cref="AddPxlQuartzHostedService"/> is added too (the CLI commands that
    /// work on `serve`'s store must never start one).
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="instanceName">The scheduler's name; a persistent store's rows are keyed by it, so `serve` and the CLI share one.</param>
    /// <param name="configureStore">Chooses the job store.</param>
    public static IServiceCollection AddPxlQuartz(this IServiceCollection services, string instanceName, Action<IQuartzBuilder> configureStore)
    {
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = instanceName;
                o.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
                // A persistent store gets no signal when another process resumes or triggers a schedule: poll every second.
                o.IdleWaitTime = TimeSpan.FromSeconds(1);
            });
            configureStore(q);
            q.AddJobListener<CycleJobListener>();
            q.AddTriggerListener<CycleVetoListener>();
        });
        return services;
    }

    /// <summary>Starts the scheduler with the host; shutdown waits for the running cycle to be stopped and recorded.</summary>
    public static IServiceCollection AddPxlQuartzHostedService(this IServiceCollection services) =>
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

    /// <summary>Prunes the run logs at start and then daily (SPEC 15): what `serve` runs beside the scheduler.</summary>
    public static IServiceCollection AddPxlLogPruning(this IServiceCollection services)
    {
        services.TryAddSingleton<LogPruningService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LogPruningService>(s => s.GetRequiredService<LogPruningService>()));
        return services;
    }

    /// <summary>
    /// Binds and validates one options section. The annotations keep the options' and validators' constructors
    /// through trimming (a Native AOT publish without them could not construct CycleOptionsValidator: IL2091).
    /// </summary>
    private static void AddValidatedOptions<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
    }
}
