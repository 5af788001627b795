using System.Text.Json;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Tests.Ledger;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Cluster;

/// <summary>
/// A node that died and starts again, on a cluster: what it finds of its cut run in the shared ledger
/// decides what its own JSONL and the shared row end up saying.
/// </summary>
[Collection("postgres")]
public sealed class DeadNodeRecoveryTests(PostgresServer server) : IAsyncLifetime, IDisposable
{
    private const string RunId = "20261127T120000Z-0badc0de";

    private LedgerWorkspace _ws = null!;

    private string MarkerPath => Path.Combine(_ws.Root, "state", "in_flight", RunId + ".json");

    public async Task InitializeAsync() => _ws = new LedgerWorkspace(await server.CreateDatabaseAsync());

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _ws?.Dispose();

    [Fact]
    public async Task Restart_RunAnotherNodeRecordedAsInterrupted_ItsLineJoinsThisJsonlOnce()
    {
        // As a surviving node leaves it: the cut run in the shared ledger, the marker still on this node's disk.
        Assert.Equal(0, (await _ws.PxlAsync("ledger", "rebuild")).ExitCode);
        await _ws.ExecuteAsync(
            $"""
            INSERT INTO runs (run_id, schedule, trigger, mode, goal, started_at, finished_at, duration_ms, status, consecutive_failures, digest_lines, writes, error, host)
            VALUES ('{RunId}', 'nightly', 'cron', 'experimental', 'goal', '2026-11-27T12:00:00.000Z', '2026-11-27T12:00:30.000Z', 30000,
                'interrupted', 1, 0, 0, 'node test stopped during the cycle (declared dead by the cluster); found by node other', 'test')
            """);
        WriteOrphanMarker();

        await StartOnceAsync();

        var line = Assert.Single(LedgerFile.Read(_ws.Root), r => r.Text("run_id") == RunId);
        Assert.Equal(("interrupted", "2026-11-27T12:00:30.000Z"), (line.Text("status"), line.Text("finished_at")));
        Assert.Equal(1, await _ws.ScalarAsync<long>($"SELECT COUNT(*) FROM runs WHERE run_id = '{RunId}'"));
        Assert.False(File.Exists(MarkerPath), "the marker outlived its recovery");
    }

    [Fact]
    public async Task Restart_JsonlHasTheRunAsFinished_ItCorrectsTheSharedInterruptedRow()
    {
        // This node wrote its JSONL line and died before the SQL insert; a surviving node then recorded the run as interrupted.
        _ws.Append(LedgerWorkspace.Run(RunId));
        Assert.Equal(0, (await _ws.PxlAsync("ledger", "rebuild")).ExitCode);
        await _ws.ExecuteAsync($"UPDATE runs SET status = 'interrupted' WHERE run_id = '{RunId}'");
        WriteOrphanMarker();

        await StartOnceAsync();

        Assert.Equal("success", await _ws.ScalarAsync<string>($"SELECT status FROM runs WHERE run_id = '{RunId}'"));
        Assert.Single(LedgerFile.Read(_ws.Root), r => r.Text("run_id") == RunId);
    }

    [Fact]
    public async Task Fire_InFlightRunsOfOtherNodes_OnlyTheDeadNodesRunIsRecordedInterrupted()
    {
        Directory.CreateDirectory(Path.Combine(_ws.Root, "schedules"));
        File.WriteAllText(Path.Combine(_ws.Root, "schedules", "loop.json"), """{ "continuous": { "sleepSeconds": 0 }, "command": "/bin/true" }""");
        // Opening the store creates Quartz's tables and the ledger's, as serve would.
        Assert.Equal(0, (await _ws.PxlAsync("status")).ExitCode);
        // node-alive checks in (its last check-in an hour ahead, so it stays fresh for the whole test); node-dead has no row.
        await _ws.ExecuteAsync(
            $"INSERT INTO qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval) VALUES ('pxl', 'node-alive', {DateTime.UtcNow.AddHours(1).Ticks}, 1000)");
        foreach (var (runId, node) in new[] { ("20261127T110000Z-a11ve000", "node-alive"), ("20261127T110000Z-dead0000", "node-dead") })
        {
            await _ws.ExecuteAsync(
                $"""
                INSERT INTO pxl_runs_in_flight (run_id, schedule, node, trigger, mode, goal, started_at, log_path)
                VALUES ('{runId}', 'loop', '{node}', 'continuous', 'experimental', 'goal', '2026-11-27T11:00:00.000Z', 'logs/run_cycle/x.log')
                """);
        }

        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            await Wait.UntilAsync(
                async () => await _ws.ScalarAsync<long>("SELECT COUNT(*) FROM runs WHERE host = 'test' AND schedule = 'loop'") >= 3,
                TimeSpan.FromSeconds(60),
                "three cycles of loop");
            Assert.Equal(0, await serve.StopAsync());
        }

        Assert.Equal("interrupted", await _ws.ScalarAsync<string>("SELECT status FROM runs WHERE run_id = '20261127T110000Z-dead0000' AND host = 'node-dead'"));
        Assert.Equal(0, await _ws.ScalarAsync<long>("SELECT COUNT(*) FROM runs WHERE run_id = '20261127T110000Z-a11ve000'"));
        Assert.Equal(1, await _ws.ScalarAsync<long>("SELECT COUNT(*) FROM pxl_runs_in_flight WHERE node = 'node-alive'"));
    }

    /// <summary>A marker whose owner is long gone, as kill -9 leaves it.</summary>
    private void WriteOrphanMarker()
    {
        var marker = new InFlightRun(RunId, "nightly", "cron", "experimental", "goal", new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), "logs/run_cycle/x.log", "test", int.MaxValue - 1, 1);
        Directory.CreateDirectory(Path.GetDirectoryName(MarkerPath)!);
        File.WriteAllText(MarkerPath, JsonSerializer.Serialize(marker, InFlightJson.Default.InFlightRun));
    }

    /// <summary>A `pxl run` of one cycle: its start recovers the cut run, as `serve`'s start does.</summary>
    private async Task StartOnceAsync()
    {
        var run = await _ws.PxlAsync("run", "--iterations", "1", "--", "/bin/true");
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
