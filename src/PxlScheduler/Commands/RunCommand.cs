using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PxlScheduler.Core;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Scheduling;
using PxlScheduler.Core.Storage;
using PxlScheduler.Hosting;
using Quartz;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl run`: the seed's loop, ad hoc, on an in-memory Quartz scheduler. One continuous schedule named
/// <c>adhoc</c> runs the cycle N times or until stopped, with every output a served schedule writes.
/// </summary>
internal static class RunCommand
{
    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(250);

    public static Command Create(CliContext cli)
    {
        var flags = new RunOptions();
        var command = new Command("run", "Run the cycle now: --iterations N or --continuous, with backoff, halt and the stop file.");
        flags.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, flags, cli, cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(ParseResult parse, RunOptions flags, CliContext cli, CancellationToken cancellationToken) => cli.GuardAsync(async () =>
    {
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (parse.GetValue(flags.StopFile) is { } stopFile)
        {
            overrides[$"{PathsOptions.SectionName}:{nameof(PathsOptions.StopFile)}"] = stopFile;
        }

        var builder = PxlHost.CreateBuilder(cli.Workspace, overrides);
        var session = new RunSession(AdhocSchedule.Iterations(parse, flags));
        builder.Services.AddSingleton<ICycleObserver>(session);
        // The in-memory scheduler is private to this run; a unique name keeps runs in one process apart.
        builder.Services.AddPxlQuartz($"pxl-run-{Guid.NewGuid():N}", q => q.UseInMemoryStore()).AddPxlQuartzHostedService();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);

        using var host = PxlHost.BuildValidated(builder);

        var (schedule, errors) = AdhocSchedule.From(
            parse,
            flags,
            host.Services.GetRequiredService<IOptions<CycleOptions>>().Value,
            host.Services.GetRequiredService<IOptions<ModesOptions>>().Value);
        if (schedule is null)
        {
            return cli.UsageError(errors);
        }

        var (cycleLock, refused) = await AcquireCycleLockAsync(cli, host, parse.GetValue(flags.Wait), cancellationToken);
        using var heldLock = cycleLock;
        if (refused)
        {
            return cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.UsageError;
        }

        host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout =
            Durations.AtMost(TimeSpan.FromSeconds(host.Services.GetRequiredService<IOptions<CycleOptions>>().Value.KillGraceSeconds + 30));
        await host.StartAsync(cancellationToken);
        await host.Services.GetRequiredService<InterruptedRunRecovery>().RecoverAsync(null, cancellationToken);
        await host.Services.GetRequiredService<CyclePathWarmUp>().RunAsync(cancellationToken);

        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await scheduler.ScheduleJob(
            ScheduleTriggers.BuildJob(schedule),
            ScheduleTriggers.BuildTrigger(schedule, TriggerKind.Adhoc, now, inMemoryStore: true),
            cancellationToken: cancellationToken);

        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping);
        await Task.WhenAny(session.Completion, stopping, Task.Delay(Timeout.Infinite, cancellationToken)).ContinueWith(_ => { }, TaskScheduler.Default);
        // With a sleep of 0 the trigger comes due again every tick, and the session vetoes each fire: stop firing
        // at once rather than spin through vetoes until the host has stopped (a running cycle is not touched).
        await scheduler.Standby(CancellationToken.None);

        // Stopping the host stops Quartz, which cancels a running cycle and waits for it to be recorded.
        await host.StopAsync(CancellationToken.None);
        session.Cancel();
        return cli.Report(await session.Completion);
    });

    /// <summary>
    /// Takes the workspace's cycle lock, the one `serve` holds (issue 19: two `pxl run`, or a run beside `serve`, ran
    /// cycles at once, and one counted the other's sandbox writes as its own). Without <c>--wait</c> a held lock
    /// exits 2 naming its holder; with it, waits until the holder ends. Refused when it was not taken.
    /// </summary>
    /// <remarks>
    /// The lock lives beside the database. When that folder cannot be made, no `serve` can use this store either, and
    /// the run still records its cycles in the JSONL (SPEC 9): the lock moves to state/, and without a writable
    /// state/ the run goes on unlocked, saying so, rather than refuse the only record it can make.
    /// </remarks>
    private static async Task<(ServeLock? Lock, bool Refused)> AcquireCycleLockAsync(CliContext cli, IHost host, bool wait, CancellationToken cancellationToken)
    {
        var path = host.Services.GetRequiredService<LedgerDatabase>().Topology.ServeLockPath;
        var time = host.Services.GetRequiredService<TimeProvider>();
        var said = false;
        while (true)
        {
            ServeLock? taken;
            int owner;
            try
            {
                taken = ServeLock.TryAcquire(path, out owner);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var fallback = cli.Workspace.Resolve("state/serve.lock");
                if (path == fallback)
                {
                    cli.Error.WriteLine($"pxl run: warning: the cycle lock {cli.Workspace.Display(path)} cannot be taken ({e.Message}); running without it");
                    return (null, false);
                }

                path = fallback;
                continue;
            }

            if (taken is not null)
            {
                return (taken, false);
            }

            var holder = ServeLock.DescribeHolder(owner);
            var isServe = holder.StartsWith("`pxl serve`", StringComparison.Ordinal);
            if (!wait)
            {
                cli.UsageError([
                    $"{holder} is running cycles in this workspace (lock {cli.Workspace.Display(path)}); one cycle runs at a time. " +
                    (isServe
                        ? "Run a schedule now with pxl trigger NAME (serve runs it next), or wait for serve to stop with pxl run --wait."
                        : "Wait for it to end, or give --wait to start when it does.")]);
                return (null, true);
            }

            if (!said)
            {
                cli.Error.WriteLine($"pxl run: waiting for {holder} to stop running cycles in this workspace (lock {cli.Workspace.Display(path)})");
                said = true;
            }

            try
            {
                await Task.Delay(LockPollInterval, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return (null, true);
            }
        }
    }
}
