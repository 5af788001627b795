using System.Text.Json;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Cluster;

/// <summary>
/// Several `pxl serve` nodes on one real PostgreSQL (issue 8): Quartz's clustered store decides which node
/// fires what; the shared ledger shows it never fired a schedule twice or on two nodes at once.
/// </summary>
[Collection("postgres")]
public sealed class ClusterTests(PostgresServer server) : IDisposable
{
    private readonly List<ClusterNode> _nodes = [];

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }

    [Fact]
    public async Task TwoNodes_HundredsOfCycles_NoScheduleOverlapsOrFiresTwice()
    {
        var (database, a, b) = await TwoNodesAsync(node =>
        {
            node.Workspace.WriteScript("quick.sh", "sleep 0.02");
            // Each cron cycle notes the fire time it was started for; across both nodes each must appear once.
            node.Workspace.WriteScript("slow.sh", "echo \"$PXL_SCHEDULED_AT\" >> fires.txt; sleep 0.3");
            node.WriteSchedule("loop", """{ "continuous": { "sleepSeconds": 0 }, "command": "./quick.sh" }""");
            node.WriteSchedule("tick", """{ "cron": "* * * * * ?", "command": "./slow.sh" }""");
        });

        await using (var serveA = await a.StartAsync())
        await using (var serveB = await b.StartAsync())
        {
            // However long 200 cycles take on a loaded machine: it fails only if the cycles stop coming.
            await Wait.UntilCountAsync(
                async () => (await SharedRun.ReadAsync(database)).Count(r => r.Schedule == "loop"),
                200,
                TimeSpan.FromSeconds(60),
                "continuous cycles across the two nodes");
            Assert.Equal(0, await serveA.StopAsync());
            Assert.Equal(0, await serveB.StopAsync());
        }

        var runs = await SharedRun.ReadAsync(database);
        foreach (var schedule in new[] { "loop", "tick" })
        {
            var ofSchedule = runs.Where(r => r.Schedule == schedule).OrderBy(r => r.StartedAt).ToList();
            Assert.True(ofSchedule.Count >= 3, $"{schedule}: only {ofSchedule.Count} runs");
            for (var i = 1; i < ofSchedule.Count; i++)
            {
                Assert.True(
                    ofSchedule[i].StartedAt >= ofSchedule[i - 1].FinishedAt,
                    $"{schedule}: run {ofSchedule[i].RunId} on {ofSchedule[i].Host} started before {ofSchedule[i - 1].RunId} on {ofSchedule[i - 1].Host} finished");
            }
        }

        // Each fire time of the cron schedule ran once, on one node: whole seconds, none twice.
        var fires = _nodes.SelectMany(n => File.Exists(n.Workspace.PathOf("fires.txt")) ? File.ReadAllLines(n.Workspace.PathOf("fires.txt")) : []).ToList();
        Assert.Equal(runs.Count(r => r.Schedule == "tick"), fires.Count);
        Assert.All(fires, f => Assert.Equal(0, DateTimeOffset.Parse(f, System.Globalization.CultureInfo.InvariantCulture).Millisecond));
        var twice = fires.GroupBy(f => f).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"cron fire time(s) run twice: {string.Join(", ", twice)}");

        // Every node's JSONL holds exactly its own rows of the shared ledger.
        foreach (var node in _nodes)
        {
            var local = LedgerFile.Read(node.Root).Select(r => r.Text("run_id")).Order(StringComparer.Ordinal).ToList();
            var shared = runs.Where(r => r.Host == node.Name).Select(r => r.RunId).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(shared, local);
        }
    }

    [Fact]
    public async Task KillNineOfTheRunningNode_TheOtherTakesOver_AndTheCutRunIsAccountedOnce()
    {
        var (database, a, b) = await TwoNodesAsync(node =>
        {
            node.Workspace.WriteScript("cycle.sh", "sleep 2");
            node.WriteSchedule("loop", """{ "continuous": { "sleepSeconds": 0 }, "command": "./cycle.sh", "maxFailures": 5 }""");
        });

        var serveA = await a.StartAsync();
        string cutRun;
        await using (var serveB = await b.StartAsync())
        {
            // Node a holds the schedule from the start (b came later): wait for one of its 2 s cycles to have
            // just begun, so the kill lands mid-cycle even on a slow machine, then kill it.
            await Wait.UntilAsync(
                async () => (await SharedRun.InFlightAsync(database, "loop")).Any(r => r.Node == "node-a" && DateTimeOffset.UtcNow - r.StartedAt < TimeSpan.FromSeconds(0.5)),
                TimeSpan.FromSeconds(30),
                "a cycle beginning on node-a");
            cutRun = (await SharedRun.InFlightAsync(database, "loop")).Single(r => r.Node == "node-a").RunId;
            await serveA.CrashAsync();

            await Wait.UntilAsync(
                async () => (await SharedRun.ReadAsync(database)).Any(r => r.Host == "node-b" && r.Schedule == "loop" && r.Status == "success"),
                TimeSpan.FromSeconds(60),
                "node-b to run the schedule");
            // Any node's `pxl status` says where the schedule runs now.
            await Wait.UntilAsync(async () => (await ReasonAsync(a, "loop")) == "on node node-b", TimeSpan.FromSeconds(20), "status to show the cycle on node-b");
            var runs = await SharedRun.ReadAsync(database);
            var cut = Assert.Single(runs, r => r.RunId == cutRun);
            Assert.Equal(("interrupted", "node-a"), (cut.Status, cut.Host));
            Assert.Equal(0, await serveB.StopAsync());
        }

        await serveA.DisposeAsync();

        // The dead node starts again: its own JSONL gets the line the survivor recorded, and nothing is counted twice.
        await using (var again = await a.StartAsync())
        {
            Assert.Equal(0, await again.StopAsync());
        }

        var line = Assert.Single(LedgerFile.Read(a.Root), r => r.Text("run_id") == cutRun);
        var shared = Assert.Single(await SharedRun.ReadAsync(database), r => r.RunId == cutRun);
        Assert.Equal(("interrupted", "interrupted"), (line.Text("status"), shared.Status));
    }

    [Fact]
    public async Task HaltOnOneNode_StopsTheScheduleOnBoth_ResumeFromTheOtherNodeLiftsIt()
    {
        var (database, a, b) = await TwoNodesAsync(node =>
        {
            node.Workspace.WriteScript("flaky.sh", "[ -f fixed ] || exit 1");
            node.WriteSchedule("loop", """{ "continuous": { "sleepSeconds": 0 }, "command": "./flaky.sh", "maxFailures": 3, "backoff": { "baseSeconds": 1 } }""");
        });

        await using var serveA = await a.StartAsync();
        await using var serveB = await b.StartAsync();
        await Wait.UntilAsync(async () => (await StatusAsync(a, "loop")).State == "halted", TimeSpan.FromSeconds(60), "the halt");
        Assert.Equal("halted", (await StatusAsync(b, "loop")).State);

        var halted = (await SharedRun.ReadAsync(database)).Count;
        Assert.True(halted == 3, string.Join("\n", await SharedRun.ReadAsync(database)));
        // Absence of a fire can only be shown by waiting: longer than the backoff and a poll on each node.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(halted, (await SharedRun.ReadAsync(database)).Count);

        foreach (var node in _nodes)
        {
            File.WriteAllText(node.Workspace.PathOf("fixed"), "");
        }

        var resume = await PxlCli.RunAsync(b.Root, "resume", "loop");
        Assert.True(resume.ExitCode == 0, resume.ToString());
        await Wait.UntilAsync(
            async () => (await SharedRun.ReadAsync(database)).Any(r => r.Status == "success"),
            TimeSpan.FromSeconds(30),
            "a successful run after the resume");
        Assert.Equal(0, await serveA.StopAsync());
        Assert.Equal(0, await serveB.StopAsync());
    }

    /// <summary>A fresh database and two nodes on it, each set up by <paramref name="setUp"/> (the same files on both).</summary>
    private async Task<(string Database, ClusterNode A, ClusterNode B)> TwoNodesAsync(Action<ClusterNode> setUp)
    {
        var database = await server.CreateDatabaseAsync();
        foreach (var name in new[] { "node-a", "node-b" })
        {
            var node = new ClusterNode(name, database);
            _nodes.Add(node);
            setUp(node);
        }

        return (database, _nodes[^2], _nodes[^1]);
    }

    private static async Task<string?> ReasonAsync(ClusterNode node, string schedule)
    {
        var run = await PxlCli.RunAsync(node.Root, "status", "--json");
        using var json = JsonDocument.Parse(run.Output);
        var status = json.RootElement.EnumerateArray().Single(s => s.GetProperty("name").GetString() == schedule);
        return status.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null;
    }

    private static async Task<(string State, int Failures)> StatusAsync(ClusterNode node, string schedule)
    {
        var run = await PxlCli.RunAsync(node.Root, "status", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Output);
        var status = json.RootElement.EnumerateArray().Single(s => s.GetProperty("name").GetString() == schedule);
        return (status.GetProperty("state").GetString()!, status.GetProperty("consecutive_failures").GetInt32());
    }
}
