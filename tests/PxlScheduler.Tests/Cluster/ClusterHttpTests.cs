using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using PxlScheduler.Tests.Http;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Cluster;

/// <summary>
/// Two real `pxl serve` nodes on one real PostgreSQL, each with its own HTTP port and its own generated token
/// (issue 15): every node serves the API over the shared store, so the schedules, the runs and the run counters are
/// the cluster's whichever node answers; a change through one node's API is what the other shows.
/// </summary>
[Collection("postgres")]
public sealed class ClusterHttpTests(PostgresServer server) : IDisposable
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
    public async Task TwoNodes_ServeTheSameSchedulesRunsAndCounters_APauseThroughOneIsSeenOnTheOther_AHaltOnBoth()
    {
        var database = await server.CreateDatabaseAsync();
        foreach (var name in new[] { "node-a", "node-b" })
        {
            var node = new ClusterNode(name, database);
            _nodes.Add(node);
            node.Workspace.WriteScript("ok.sh", "echo fine");
            node.Workspace.WriteScript("bad.sh", "echo broken; exit 1");
            node.WriteSchedule("ok", """{ "continuous": { "sleepSeconds": 0 }, "command": "./ok.sh" }""");
            node.WriteSchedule("flaky", """{ "continuous": { "sleepSeconds": 0 }, "command": "./bad.sh", "maxFailures": 2, "backoff": { "baseSeconds": 1 } }""");
            node.WriteSchedule("nightly", """{ "cron": "0 3 1 1 *", "command": "./ok.sh" }""");
        }

        var (a, b) = (_nodes[0], _nodes[1]);
        await using var serveA = await a.StartAsync();
        await using var serveB = await b.StartAsync();
        using var httpA = new ServeHttp(serveA, a.Root);
        using var httpB = new ServeHttp(serveB, b.Root);
        Assert.NotEqual(httpA.Client.BaseAddress, httpB.Client.BaseAddress);

        // A halt, wherever the failing runs ran, is the cluster's: both nodes show it.
        foreach (var http in new[] { httpA, httpB })
        {
            await Wait.UntilAsync(async () => (await http.GetJsonAsync("/api/v1/schedules/flaky")).GetProperty("state").GetString() == "halted", TimeSpan.FromSeconds(60), $"the halt seen on {http.Client.BaseAddress}");
        }

        await Wait.UntilAsync(async () => (await SharedRun.ReadAsync(database)).Count(r => r.Schedule == "ok") >= 6, TimeSpan.FromSeconds(60), "six runs of ok");

        // A pause through node A (with A's token) is seen on node B.
        var pause = await httpA.PostAsync("/api/v1/schedules/ok/pause", httpA.Token);
        Assert.True(pause.Status == 200, pause.Body);
        Assert.Equal(401, (await httpB.PostAsync("/api/v1/schedules/ok/resume", httpA.Token + "x")).Status);
        await Wait.UntilAsync(
            async () => (await httpB.GetJsonAsync("/api/v1/schedules/ok")).GetProperty("state").GetString() == "paused" && (await SharedRun.InFlightAsync(database, "ok")).Count == 0,
            TimeSpan.FromSeconds(60),
            "ok paused on node B with no run in flight");

        // Nothing runs now (ok paused, flaky halted, nightly in January): the two nodes must serve the same objects.
        var schedulesA = await SchedulesAsync(httpA);
        var schedulesB = await SchedulesAsync(httpB);
        Assert.True(JsonNode.DeepEquals(schedulesA, schedulesB), $"node A:\n{schedulesA}\nnode B:\n{schedulesB}");
        var byName = schedulesA.AsArray().ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!);
        Assert.Equal("paused", byName["ok"]["state"]!.GetValue<string>());
        Assert.Equal("halted", byName["flaky"]["state"]!.GetValue<string>());
        Assert.Equal(2, byName["flaky"]["consecutive_failures"]!.GetValue<int>());
        Assert.NotNull(byName["nightly"]["next_fire_at"]);

        // Every run, whichever node ran it, is visible from both, as the same object.
        // The last run's row may land just after its run left pxl_runs_in_flight: wait for the pages to settle.
        IReadOnlyList<SharedRun> shared = [];
        JsonElement pageA = default, pageB = default;
        await Wait.UntilAsync(
            async () =>
            {
                shared = await SharedRun.ReadAsync(database);
                pageA = await httpA.GetJsonAsync("/api/v1/runs?limit=1000");
                pageB = await httpB.GetJsonAsync("/api/v1/runs?limit=1000");
                return pageA.GetProperty("runs").GetArrayLength() == shared.Count && JsonNode.DeepEquals(JsonNode.Parse(pageA.GetRawText()), JsonNode.Parse(pageB.GetRawText()));
            },
            TimeSpan.FromSeconds(30),
            "the same runs from both nodes");
        Assert.Equal(shared.Select(r => r.RunId).Order(StringComparer.Ordinal), pageA.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()!).Order(StringComparer.Ordinal));
        foreach (var (node, other) in new[] { (a, httpB), (b, httpA) })
        {
            foreach (var runId in LedgerFile.Read(node.Root).Select(r => r.Text("run_id")))
            {
                var run = await other.GetJsonAsync($"/api/v1/runs/{runId}");
                Assert.Equal(node.Name, run.GetProperty("host").GetString());
            }
        }

        // A run's log is on the node that ran it; the other node says where.
        var someRun = shared.First(r => r.Schedule == "ok");
        var (elsewhere, _) = someRun.Host == a.Name ? (httpB, httpA) : (httpA, httpB);
        var (status, _, problem) = await elsewhere.GetProblemAsync($"/api/v1/runs/{someRun.RunId}/log");
        Assert.Equal(404, status);
        Assert.Contains($"ran on node {someRun.Host}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var ran = someRun.Host == a.Name ? httpA : httpB;
        Assert.Contains("fine", await ran.GetTextAsync($"/api/v1/runs/{someRun.RunId}/log"), StringComparison.Ordinal);

        // The run counters are the shared ledger's on both nodes; the node is a label of pxl_serve_info only.
        var counts = await LedgerCountsAsync(database);
        foreach (var http in new[] { httpA, httpB })
        {
            await Wait.UntilAsync(
                async () => Same(counts, ServeHttp.Samples(await http.GetTextAsync("/metrics"), "pxl_runs_total")),
                TimeSpan.FromSeconds(60),
                $"the shared ledger's counts on {http.Client.BaseAddress}");
        }

        var metricsA = await httpA.GetTextAsync("/metrics");
        var metricsB = await httpB.GetTextAsync("/metrics");
        foreach (var metrics in new[] { metricsA, metricsB })
        {
            Assert.Equal(1, ServeHttp.Sample(metrics, "pxl_schedule_state", "schedule=\"ok\",state=\"paused\""));
            Assert.Equal(1, ServeHttp.Sample(metrics, "pxl_schedule_state", "schedule=\"flaky\",state=\"halted\""));
            Assert.Equal(2, ServeHttp.Sample(metrics, "pxl_consecutive_failures", "schedule=\"flaky\""));
        }

        Assert.Equal(ServeHttp.Samples(metricsA, "pxl_next_fire_timestamp_seconds"), ServeHttp.Samples(metricsB, "pxl_next_fire_timestamp_seconds"));
        Assert.Equal(1, ServeHttp.Sample(metricsA, "pxl_serve_info", "node=\"node-a\""));
        Assert.Equal(1, ServeHttp.Sample(metricsB, "pxl_serve_info", "node=\"node-b\""));

        // A resume through node B is seen on node A.
        var resume = await httpB.PostAsync("/api/v1/schedules/ok/resume", httpB.Token);
        Assert.True(resume.Status == 200, resume.Body);
        await Wait.UntilAsync(async () => (await httpA.GetJsonAsync("/api/v1/schedules/ok")).GetProperty("state").GetString() != "paused", TimeSpan.FromSeconds(30), "ok resumed on node A");

        Assert.Equal(0, await serveA.StopAsync());
        Assert.Equal(0, await serveB.StopAsync());
    }

    /// <summary>
    /// The schedules as a node serves them, without <c>last_log_state</c>: whether a log file is kept is the answering
    /// node's view of its own disk (docs/http.md, Cluster).
    /// </summary>
    private static async Task<JsonNode> SchedulesAsync(ServeHttp http)
    {
        var schedules = JsonNode.Parse((await http.GetJsonAsync("/api/v1/schedules")).GetRawText())!;
        foreach (var schedule in schedules.AsArray())
        {
            schedule!.AsObject().Remove("last_log_state");
        }

        return schedules;
    }

    /// <summary>The shared ledger's runs by the labels <c>pxl_runs_total</c> writes: <c>schedule="…",status="…"</c>.</summary>
    private static async Task<IReadOnlyDictionary<string, double>> LedgerCountsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT schedule, status, COUNT(*) FROM runs GROUP BY schedule, status", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            counts[$"schedule=\"{reader.GetString(0)}\",status=\"{reader.GetString(1)}\""] = reader.GetInt64(2);
        }

        return counts;
    }

    private static bool Same(IReadOnlyDictionary<string, double> expected, IReadOnlyDictionary<string, double> actual) =>
        expected.Count == actual.Count && expected.All(e => actual.TryGetValue(e.Key, out var value) && value == e.Value);
}
