using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PxlScheduler.Commands;
using PxlScheduler.Core;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Scheduling;
using PxlScheduler.Core.Storage;
using PxlScheduler.Hosting;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Scheduling;

/// <summary>
/// Log retention with a real `serve` (SPEC 15): pruned at start, then daily; the log a halted schedule stopped on is
/// kept; `pxl status` says "pruned" for a last run whose log is gone while the ledger row keeps its path.
/// </summary>
public sealed class RetentionServeTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Serve_AtStart_PrunesTheOldRunLogsAndLogsASummary()
    {
        _ws.WriteFile("appsettings.json", """{ "Serilog": { "Using": [ "Serilog.Sinks.Console" ], "WriteTo": [ { "Name": "Console" } ] } }""");
        _ws.WriteFile("schedules/yearly.json", """{ "cron": "0 0 1 1 *" }""");
        var old = OldLog(TimeSpan.FromDays(400));
        var older = OldLog(TimeSpan.FromDays(500));
        var young = OldLog(TimeSpan.FromDays(10));

        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        await Wait.UntilAsync(() => !File.Exists(old) && !File.Exists(older), TimeSpan.FromSeconds(30), "serve to prune the old logs");
        await Wait.UntilAsync(() => serve.Output.Contains("Pruned 2 run log(s)", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the summary in serve's log");
        Assert.Equal(0, await serve.StopAsync());

        Assert.True(File.Exists(young));
        Assert.Contains("2 older than 366 days (Retention:MaxAgeDays)", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_AfterServe_KeepsTheHaltedScheduleFailingLogAndStatusSaysPruned()
    {
        _ws.WriteFile("appsettings.json", """{ "Retention": { "MaxCount": 1 } }""");
        var fail = _ws.WriteScript("fail.sh", "echo failing; exit 3");
        var ok = _ws.WriteScript("ok.sh", "echo fine");
        _ws.WriteFile("schedules/broken.json", $$"""{ "continuous": { "sleepSeconds": 3600 }, "command": "{{fail}}", "maxFailures": 1 }""");
        _ws.WriteFile("schedules/steady.json", $$"""{ "continuous": { "sleepSeconds": 1 }, "command": "{{ok}}" }""");
        _ws.WriteFile("schedules/once.json", $$"""{ "cron": "0 0 1 1 *", "command": "{{ok}}" }""");

        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            var triggered = await PxlCli.RunAsync(_ws.Root, "trigger", "once");
            Assert.True(triggered.ExitCode == 0, triggered.ToString());
            await Wait.UntilAsync(() => Runs("once").Count == 1 && Runs("broken").Count == 1, TimeSpan.FromSeconds(30), "once and broken to run");
            var after = Runs("once").Concat(Runs("broken")).Max(r => r.Instant("finished_at"));
            await Wait.UntilAsync(() => Runs("steady").Count(r => r.Instant("started_at") > after) >= 2, TimeSpan.FromSeconds(30), "two later runs of steady");
            Assert.Equal(0, await serve.StopAsync());
        }

        var prune = await PxlCli.RunAsync(_ws.Root, "logs", "prune");

        Assert.True(prune.ExitCode == 0, prune.ToString());
        var brokenLog = Runs("broken").Single().Text("log_path");
        var onceLog = Runs("once").Single().Text("log_path");
        var steady = Runs("steady").Select(r => r.Text("log_path")).ToList();
        Assert.True(File.Exists(_ws.PathOf(brokenLog)), $"the halted schedule's failing log was pruned\n{prune}");
        Assert.False(File.Exists(_ws.PathOf(onceLog)));
        Assert.True(File.Exists(_ws.PathOf(steady[^1])));
        Assert.All(steady.SkipLast(1), p => Assert.False(File.Exists(_ws.PathOf(p)), p));
        Assert.Contains("(1 of them only as in flight or halted on)", prune.Output, StringComparison.Ordinal);

        var status = await PxlCli.RunAsync(_ws.Root, "status", "--json");
        using var json = JsonDocument.Parse(status.Output);
        var byName = json.RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(onceLog, byName["once"].GetProperty("last_log_path").GetString());
        Assert.Equal("pruned", byName["once"].GetProperty("last_log_state").GetString());
        Assert.Equal("kept", byName["broken"].GetProperty("last_log_state").GetString());
        var table = await PxlCli.RunAsync(_ws.Root, "status");
        Assert.Contains($"{onceLog} (pruned)", table.Output, StringComparison.Ordinal);
        // The ledger row keeps its path.
        Assert.Equal(onceLog, Runs("once").Single().Text("log_path"));
    }

    [Fact]
    public async Task PruningService_PrunesAtStartThenEveryDayOnItsClock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var builder = StoreSession.CreateBuilder(new Workspace(_ws.Root), new Dictionary<string, string?>());
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddPxlLogPruning();
        using var host = PxlHost.BuildValidated(builder);
        await host.Services.GetRequiredService<LedgerDatabase>().EnsureSchemaAsync(CancellationToken.None);
        var service = host.Services.GetRequiredService<LogPruningService>();
        var first = OldLog(TimeSpan.FromDays(400), time.GetUtcNow());

        await service.StartAsync(CancellationToken.None);
        await Wait.UntilAsync(() => !File.Exists(first), TimeSpan.FromSeconds(30), "the pass at start");
        // The pass counts itself after its last deletion: a day's tick inside it would be skipped as overlapping.
        await Wait.UntilAsync(() => service.Passes == 1, TimeSpan.FromSeconds(30), "the pass at start to end");
        var second = OldLog(TimeSpan.FromDays(366) - TimeSpan.FromHours(1), time.GetUtcNow());
        time.Advance(TimeSpan.FromHours(2));
        Assert.True(File.Exists(second), "pruned before the day was over");
        Assert.Equal(1, service.Passes);
        time.Advance(LogPruningService.Period);
        await Wait.UntilAsync(() => !File.Exists(second), TimeSpan.FromSeconds(30), "the daily pass");
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(2, service.Passes);
    }

    [Fact]
    public async Task PruningService_RemovesSettledNotificationsPastKeepDays_AndKeepsPendingOnesHoweverOld()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var builder = StoreSession.CreateBuilder(new Workspace(_ws.Root), new Dictionary<string, string?> { ["Notifications:KeepDays"] = "7" });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddPxlLogPruning();
        using var host = PxlHost.BuildValidated(builder);
        var database = host.Services.GetRequiredService<LedgerDatabase>();
        await database.EnsureSchemaAsync(CancellationToken.None);
        var now = time.GetUtcNow();
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            foreach (var (id, state, age) in new[] { ("old-delivered", "delivered", 8), ("old-failed", "failed", 8), ("old-pending", "pending", 30), ("young-delivered", "delivered", 6) })
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO pxl_notification_outbox (event_id, event, channel, schedule, payload, created_at, state, next_attempt_at)
                    VALUES (@id, 'schedule.halted', 'ops', 'nightly', '{}', @created, @state, @created)
                    """,
                    new { id, state, created = UtcInstantConverter.ToText(now - TimeSpan.FromDays(age)) });
            }
        }

        var service = host.Services.GetRequiredService<LogPruningService>();
        await service.StartAsync(CancellationToken.None);
        await Wait.UntilAsync(async () => service.Passes == 1 && (await OutboxRowsAsync()).Count == 2, TimeSpan.FromSeconds(30), "the pass at start to remove the settled rows");
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(["old-pending", "young-delivered"], await OutboxRowsAsync());

        async Task<List<string>> OutboxRowsAsync()
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            return [.. await connection.QueryAsync<string>("SELECT event_id FROM pxl_notification_outbox ORDER BY event_id")];
        }
    }

    private List<JsonElement> Runs(string schedule) =>
        LedgerFile.Read(_ws.Root).Where(r => r.Text("schedule") == schedule && r.Text("status") != "cancelled").ToList();

    private string OldLog(TimeSpan age, DateTimeOffset? now = null)
    {
        var name = ((now ?? DateTimeOffset.UtcNow) - age).UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + ".log";
        return _ws.WriteFile("logs/run_cycle/" + name, "old output\n");
    }
}
