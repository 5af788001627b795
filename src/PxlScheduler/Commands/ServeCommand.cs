using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PxlScheduler.Core;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Schedules;
using PxlScheduler.Core.Scheduling;
using PxlScheduler.Core.Storage;
using PxlScheduler.Dashboard;
using PxlScheduler.Hosting;
using PxlScheduler.Http;
using Quartz;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl serve`: the service (SPEC 3, 5, 8). Refuses to start on an invalid schedule file or when
/// another `serve` owns the state directory; brings the persistent store in line with the files;
/// runs until SIGTERM, SIGHUP or Ctrl+C, stopping and recording a running cycle as cancelled.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("serve", "Run the schedules in schedules/*.json on the persistent store until stopped (what systemd runs).");
        command.SetAction((_, cancellationToken) => ServeAsync(cli, cancellationToken));
        return command;
    }

    /// <remarks>
    /// Bad configuration exits 2; a store that cannot be used, or state that cannot be written (an earlier run's
    /// record), exits 1, so that systemd tries again later (<see cref="CliContext.GuardAsync"/>).
    /// </remarks>
    private static Task<int> ServeAsync(CliContext cli, CancellationToken cancellationToken) => cli.GuardAsync(async () =>
    {
        var started = Stopwatch.StartNew();
        using var host = BuildHost(cli.Workspace);
        try
        {
            // Files first: an invalid schedule refuses the start before anything is created or locked.
            var schedules = host.Services.GetRequiredService<ScheduleFileReader>().ReadAll();
            foreach (var warning in schedules.Warnings)
            {
                cli.Error.WriteLine($"pxl: warning: {warning}");
            }

            if (!schedules.IsValid)
            {
                return cli.UsageError([.. schedules.Errors, $"serve did not start: {schedules.Errors.Count} error(s) in {cli.Workspace.Display(host.Services.GetRequiredService<ScheduleFileReader>().Directory)}."]);
            }

            var database = host.Services.GetRequiredService<LedgerDatabase>();
            var lockPath = database.Topology.ServeLockPath;
            ServeLock? acquired;
            int owner;
            try
            {
                acquired = ServeLock.TryAcquire(lockPath, out owner);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The lock lives beside the database: a folder that cannot be made is a store that cannot be used.
                return StoreUnusable(cli, host, e);
            }

            using var serveLock = acquired;
            if (serveLock is null)
            {
                return cli.UsageError([
                    $"{ServeLock.DescribeHolder(owner)} already runs cycles on {cli.Workspace.Display(lockPath)}; " +
                    "one serve owns a state directory, and one cycle runs at a time. Stop it first, or use pxl status / pause / resume / trigger to talk to a serve."]);
            }

            return await RunHostAsync(cli, host, schedules, started, cancellationToken);
        }
        catch (DbException e)
        {
            return StoreUnusable(cli, host, e);
        }
    });

    /// <summary>
    /// The host: with Kestrel and the HTTP surface in it unless <c>Http:Enabled</c> is false. The configuration is
    /// read once on a plain builder to learn which; either host then gets the store and the scheduler's hosted service.
    /// </summary>
    private static IHost BuildHost(Workspace workspace)
    {
        var overrides = new Dictionary<string, string?>();
        var builder = StoreSession.CreateBuilder(workspace, overrides);
        if (!HttpServer.Options(builder.Configuration).Enabled)
        {
            AddServe(builder.Services);
            return PxlHost.BuildValidated(builder);
        }

        var web = StoreSession.UseStore(PxlHost.CreateWebBuilder(workspace, overrides), workspace);
        AddServe(web.Services);
        HttpServer.Add(web);
        DashboardServer.Add(web, workspace);
        var app = PxlHost.Validated(web.Build());
        HttpServer.Map(app);
        DashboardServer.Map(app);
        return app;
    }

    private static void AddServe(IServiceCollection services)
    {
        services.AddPxlQuartzHostedService();
        services.AddPxlLogPruning();
        services.AddPxlNotificationDelivery();
        services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
    }

    /// <summary>The store is where serve keeps its schedules: without it there is nothing to run. Exit 1, so systemd retries.</summary>
    private static int StoreUnusable(CliContext cli, IHost host, Exception e)
    {
        cli.Error.WriteLine($"pxl: error: the store ({host.Services.GetRequiredService<LedgerDatabase>().Describe(cli.Workspace)}, {StorageOptions.SectionName}:ConnectionString) cannot be used: {e.Message.ReplaceLineEndings(" ")}");
        return ExitCodes.Failure;
    }

    private static async Task<int> RunHostAsync(CliContext cli, IHost host, ScheduleSet schedules, Stopwatch started, CancellationToken cancellationToken)
    {
        // The store is brought in line before the scheduler starts: Quartz's hosted service starts it with the host.
        await host.Services.GetRequiredService<LedgerDatabase>().EnsureSchemaAsync(cancellationToken);
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        if (!schedules.FolderExists
            && await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(ScheduleKeys.Group), cancellationToken) is { Count: > 0 } stored)
        {
            // Bringing the store in line with no folder would delete every schedule, with its halt and its pause.
            var folder = cli.Workspace.Display(host.Services.GetRequiredService<ScheduleFileReader>().Directory);
            return cli.UsageError([
                $"the schedules folder {folder} ({PathsOptions.SectionName}:Schedules) does not exist, and the store holds {stored.Count} schedule(s) " +
                "that serve would delete with their halts and pauses; nothing was changed. Restore the folder or correct the path; " +
                "to remove every schedule on purpose, create the folder empty."]);
        }

        await host.Services.GetRequiredService<InterruptedRunRecovery>().RecoverAsync(scheduler, cancellationToken);
        await host.Services.GetRequiredService<ScheduleStoreSync>().SyncAsync(scheduler, schedules.Schedules, cancellationToken);
        // Before the scheduler starts: the first fire no longer pays the path's first-time costs on its way to the command.
        await host.Services.GetRequiredService<CyclePathWarmUp>().RunAsync(cancellationToken);
        host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout =
            Durations.AtMost(TimeSpan.FromSeconds(host.Services.GetRequiredService<IOptions<CycleOptions>>().Value.KillGraceSeconds + 30));
        var http = host is WebApplication;
        if (http)
        {
            await HttpServer.PrepareAsync(host, cancellationToken);
        }

        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (IOException e) when (HttpServer.IsBindFailure(e))
        {
            await host.StopAsync(CancellationToken.None);
            return cli.UsageError([HttpServer.BindProblem(e)]);
        }

        if (http)
        {
            cli.Output.WriteLine($"pxl serve: listening on {string.Join(", ", HttpServer.Addresses(host))} (bearer token for changes: {host.Services.GetRequiredService<HttpToken>().Source})");
        }

        cli.Output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"pxl serve: ready in {started.Elapsed.TotalSeconds:0.000} s with {schedules.Schedules.Count} schedule(s) from {schedules.Files} file(s)"));

        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await Task.WhenAny(
            Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping),
            Task.Delay(Timeout.Infinite, cancellationToken)).ContinueWith(_ => { }, TaskScheduler.Default);
        await host.StopAsync(CancellationToken.None);
        cli.Output.WriteLine("pxl serve: stopped");
        return ExitCodes.Success;
    }
}
