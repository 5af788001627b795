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
