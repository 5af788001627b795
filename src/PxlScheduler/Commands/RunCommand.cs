using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PxlScheduler.Core;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Scheduling;
using PxlScheduler.Hosting;
using Quartz;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl run`: the seed's loop, ad hoc, on an in-memory Quartz scheduler. One continuous schedule named
/// <c>adhoc</c> runs the cycle N times or until stopped, with every output a served schedule writes.
/// </summary>
internal static class RunCommand
{
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

        host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout =
            Durations.AtMost(TimeSpan.FromSeconds(host.Services.GetRequiredService<IOptions<CycleOptions>>().Value.KillGraceSeconds + 30));
        await host.StartAsync(cancellationToken);
        await host.Services.GetRequiredService<InterruptedRunRecovery>().RecoverAsync(null, cancellationToken);

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
}
