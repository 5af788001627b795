using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using PxlScheduler.Core.Processes;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Http;

/// <summary>
/// `serve`'s HTTP surface (SPEC 12) as an operator's tools see it: a real `serve` child process with real cycles,
/// Kestrel on a port the system picked, a real HttpClient.
/// </summary>
public sealed class HttpApiTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task HaltedSchedule_ShowsInApiReadyzAndMetrics_ResumeNeedsTheToken_AndRunsItAgain()
    {
        var script = _ws.WriteScript("flaky.sh", "echo trying; [ -f fixed ] || exit 1");
        _ws.WriteFile("schedules/loop.json", $$"""
            { "continuous": { "sleepSeconds": 1 }, "command": "{{script}}", "maxFailures": 2, "backoff": { "baseSeconds": 1 } }
            """);
        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        using var http = new ServeHttp(serve, _ws.Root);

        await Wait.UntilAsync(async () => (await http.GetJsonAsync("/api/v1/schedules/loop")).GetProperty("state").GetString() == "halted", TimeSpan.FromSeconds(30), "the halt in the API");
        var loop = await http.GetJsonAsync("/api/v1/schedules/loop");
        Assert.Equal(2, loop.GetProperty("consecutive_failures").GetInt32());
        Assert.Equal("failure", loop.GetProperty("last_status").GetString());
        Assert.Contains("2 consecutive failure", loop.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // One code path: `pxl status --json` prints the very objects the API serves.
        var cli = await PxlCli.RunAsync(_ws.Root, "status", "--json");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(cli.Output), JsonNode.Parse((await http.GetJsonAsync("/api/v1/schedules")).GetRawText())), cli.ToString());

        var ready = await http.GetJsonAsync("/readyz");
        Assert.Equal("degraded", ready.GetProperty("status").GetString());
        var schedules = ready.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "schedules");
        Assert.Contains("loop is halted", schedules.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains(ready.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "quartz" && c.GetProperty("status").GetString() == "healthy");
        Assert.Equal("degraded", (await http.GetJsonAsync("/healthz")).GetProperty("status").GetString());

        var metrics = await http.GetTextAsync("/metrics");
        Assert.Equal(2, ServeHttp.Sample(metrics, "pxl_runs_total", "schedule=\"loop\",status=\"failure\""));
        Assert.Equal(1, ServeHttp.Sample(metrics, "pxl_schedule_state", "schedule=\"loop\",state=\"halted\""));
        Assert.Equal(0, ServeHttp.Sample(metrics, "pxl_schedule_state", "schedule=\"loop\",state=\"normal\""));
        Assert.Equal(2, ServeHttp.Sample(metrics, "pxl_consecutive_failures", "schedule=\"loop\""));
        Assert.Contains("pxl_run_duration_seconds_count{schedule=\"loop\"} 2", metrics, StringComparison.Ordinal);

        var anonymous = await http.PostAsync("/api/v1/schedules/loop/resume", token: null);
        Assert.Equal(401, anonymous.Status);
        Assert.Contains("Authorization: Bearer", anonymous.Body, StringComparison.Ordinal);
        Assert.Equal(401, (await http.PostAsync("/api/v1/schedules/loop/resume", "not-the-token-at-all")).Status);
        Assert.Equal("halted", (await http.GetJsonAsync("/api/v1/schedules/loop")).GetProperty("state").GetString());

        File.WriteAllText(_ws.PathOf("fixed"), "");
        var resumed = await http.PostAsync("/api/v1/schedules/loop/resume", http.Token);
        Assert.True(resumed.Status == 200, resumed.Body);
        Assert.Contains("halt lifted", resumed.Body, StringComparison.Ordinal);
        await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Any(r => r.Text("status") == "success"), TimeSpan.FromSeconds(30), "a successful run after the resume");
        await Wait.UntilAsync(async () => ServeHttp.Sample(await http.GetTextAsync("/metrics"), "pxl_runs_total", "schedule=\"loop\",status=\"success\"") >= 1, TimeSpan.FromSeconds(10), "the success counted");
        Assert.Equal(0, await serve.StopAsync());
    }

    [Fact]
    public async Task BadParameters_AreRefusedWithAProblemNamingTheParameter_AndARunIdIsNeverAPath()
    {
        var script = _ws.WriteScript("ok.sh", "echo one; echo two; echo three");
        _ws.WriteFile("schedules/loop.json", $$"""{ "continuous": { "sleepSeconds": 30 }, "command": "{{script}}" }""");
        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        using var http = new ServeHttp(serve, _ws.Root);
        await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Count >= 1, TimeSpan.FromSeconds(30), "a run");

        // Traversal, plain and encoded: never a file, only "no such run".
        foreach (var path in new[] { "/api/v1/runs/..%2F..%2F..%2Fetc%2Fpasswd/log", "/api/v1/runs/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/api/v1/runs/..%252F..%252Fetc%252Fpasswd/log" })
        {
            var (status, type, problem) = await http.GetProblemAsync(path);
            Assert.True(status == 404, $"{path}: {status} {problem}");
            Assert.Equal("application/problem+json", type);
            Assert.DoesNotContain("root:", problem.GetRawText(), StringComparison.Ordinal);
        }

        foreach (var (path, parameter, says) in new[]
        {
            ("/api/v1/runs?limit=100000000", "limit", "from 1 to 1000"),
            ("/api/v1/runs?limit=-1", "limit", "from 1 to 1000"),
            ("/api/v1/runs?since=yesterday", "since", "ISO-8601"),
            ("/api/v1/runs?until=2025-13-45", "until", "ISO-8601"),
            ("/api/v1/runs?status=exploded", "status", "success, failure"),
            ("/api/v1/runs?before=no-such-run", "before", "next_before"),
            ("/api/v1/stats?since=last%20week", "since", "ISO-8601"),
        })
        {
            var (status, type, problem) = await http.GetProblemAsync(path);
            Assert.True(status == 400, $"{path}: {status} {problem}");
            Assert.Equal("application/problem+json", type);
            Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
            Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var (unknown, _, missing) = await http.GetProblemAsync("/api/v1/schedules/nope");
        Assert.Equal(404, unknown);
        Assert.Contains("known: loop", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(404, (await http.PostAsync("/api/v1/schedules/nope/trigger", http.Token)).Status);

        var runId = LedgerFile.Read(_ws.Root)[0].Text("run_id");
        var run = await http.GetJsonAsync($"/api/v1/runs/{runId}");
        Assert.Equal("loop", run.GetProperty("schedule").GetString());
        var tail = await http.GetTextAsync($"/api/v1/runs/{runId}/log?tail=2");
        Assert.Equal(2, tail.TrimEnd('\n').Split('\n').Length);
        Assert.Contains("three", await http.GetTextAsync($"/api/v1/runs/{runId}/log"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_PageNewestFirst_WithoutRepeatsOrGaps_AndStatsMatchTheCli()
    {
        var script = _ws.WriteScript("ok.sh", "exit 0");
        _ws.WriteFile("schedules/loop.json", $$"""{ "continuous": { "sleepSeconds": 0 }, "command": "{{script}}" }""");
        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        using var http = new ServeHttp(serve, _ws.Root);
        await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Count >= 7, TimeSpan.FromSeconds(60), "seven runs");

        var ledger = LedgerFile.Read(_ws.Root).Select(r => r.Text("run_id")).ToList();
        var seen = new List<string>();
        var keys = new List<(string StartedAt, string RunId)>();
        string? before = null;
        do
        {
            var page = await http.GetJsonAsync($"/api/v1/runs?schedule=loop&limit=3{(before is null ? "" : "&before=" + before)}");
            seen.AddRange(page.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()!));
            keys.AddRange(page.GetProperty("runs").EnumerateArray().Select(r => (r.GetProperty("started_at").GetString()!, r.GetProperty("run_id").GetString()!)));
            before = page.GetProperty("next_before").GetString();
        }
        while (before is not null);

        // Runs go on while the pages are read: the pages hold every run of the start once, newest first, and no other.
        var now = LedgerFile.Read(_ws.Root).Select(r => r.Text("run_id")).ToList();
        Assert.Subset(now.ToHashSet(), seen.ToHashSet());
        Assert.Superset(ledger.ToHashSet(), seen.ToHashSet());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(keys.OrderByDescending(k => k.StartedAt, StringComparer.Ordinal).ThenByDescending(k => k.RunId, StringComparer.Ordinal), keys);

        var cli = await PxlCli.RunAsync(_ws.Root, "ledger", "stats", "--json");
        var api = await http.GetJsonAsync("/api/v1/stats");
        Assert.Equal(JsonNode.Parse(cli.Output)![0]!["schedule"]!.GetValue<string>(), api[0].GetProperty("schedule").GetString());
        Assert.True(api[0].GetProperty("runs").GetInt64() >= 7);
        Assert.Equal(0, await serve.StopAsync());
    }

    [Fact]
    public async Task Metrics_RunCountersSurviveARestart_AndPassPromtool()
    {
        var script = _ws.WriteScript("ok.sh", "exit 0");
        _ws.WriteFile("schedules/loop.json", $$"""{ "continuous": { "sleepSeconds": 0 }, "command": "{{script}}" }""");
        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Count >= 3, TimeSpan.FromSeconds(60), "three runs");
            Assert.Equal(0, await serve.StopAsync());
        }

        var recorded = LedgerFile.Read(_ws.Root).Count(r => r.Text("status") == "success");
        File.WriteAllText(_ws.PathOf("schedules/loop.json"), $$"""{ "continuous": { "sleepSeconds": 0 }, "command": "{{script}}", "enabled": false }""");
        await using var restarted = await ServeProcess.StartAsync(_ws.Root);
        using var http = new ServeHttp(restarted, _ws.Root);
        var metrics = await http.GetTextAsync("/metrics");
        Assert.Equal(recorded, ServeHttp.Sample(metrics, "pxl_runs_total", "schedule=\"loop\",status=\"success\""));
        Assert.Equal(1, ServeHttp.Sample(metrics, "pxl_schedule_state", "schedule=\"loop\",state=\"disabled\""));
        Assert.True(ServeHttp.Sample(metrics, "pxl_last_success_timestamp_seconds", "schedule=\"loop\"") > 1.7e9);
        Assert.Contains("quartz_", metrics, StringComparison.Ordinal);
        Assert.Contains("system_runtime_", metrics, StringComparison.Ordinal);

        if (Promtool() is not { } promtool)
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") is null, "promtool is missing in CI: .ci/run installs Debian's prometheus package, which has it");
            Console.WriteLine("SKIPPED promtool check metrics: promtool is not installed (apt-get install prometheus); CI runs it");
            return;
        }

        var check = new ProcessStartInfo(promtool, "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = ChildProcesses.Start(check);
        await process.StandardInput.WriteAsync(metrics);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"promtool check metrics failed:\n{output}");
    }

    [Fact]
    public async Task Events_StreamTheRunsOfATrigger()
    {
        var script = _ws.WriteScript("ok.sh", "exit 0");
        _ws.WriteFile("schedules/nightly.json", $$"""{ "cron": "0 3 * * *", "command": "{{script}}" }""");
        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        using var http = new ServeHttp(serve, _ws.Root);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await http.Client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("event: heartbeat", await reader.ReadLineAsync(timeout.Token));

        var triggered = await http.PostAsync("/api/v1/schedules/nightly/trigger", http.Token);
        Assert.True(triggered.Status == 200, triggered.Body);
        var events = new List<string>();
        while (!events.Contains("run_finished") && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                events.Add(line["event: ".Length..]);
            }
        }

        Assert.Equal(["run_started", "run_finished"], events.Where(e => e != "heartbeat"));
    }

    [Fact]
    public async Task Serve_PortAlreadyTaken_Exits2NamingHttpUrlsAndTheAddress()
    {
        using var taken = new TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        _ws.WriteFile("schedules/loop.json", """{ "cron": "0 3 * * *", "command": "/bin/true" }""");

        var (code, output) = await RunServeAsync(new Dictionary<string, string> { ["PXL_Http__Urls"] = $"http://127.0.0.1:{port}" });
        Assert.True(code == 2, output);
        Assert.Contains("Http:Urls", output, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0", "Http:Token")]
    [InlineData("http://*:0", "Http:Token")]
    [InlineData("https://127.0.0.1:8443", "Http:Urls entry 'https://127.0.0.1:8443'")]
    [InlineData("http://127.0.0.1", "Http:Urls entry 'http://127.0.0.1'")]
    [InlineData("http://127.0.0.1:99999", "Http:Urls entry")]
    [InlineData("tcp://pxl", "Http:Urls entry 'tcp://pxl'")]
    public async Task Serve_BadOrUnguardedUrl_Exits2NamingTheKey(string urls, string says)
    {
        _ws.WriteFile("schedules/loop.json", """{ "cron": "0 3 * * *", "command": "/bin/true" }""");
        var (code, output) = await RunServeAsync(new Dictionary<string, string> { ["PXL_Http__Urls"] = urls });
        Assert.True(code == 2, output);
        Assert.Contains(says, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_TokenFile_IsOwnerOnly_AndTheLogNamesItsPathNotTheToken()
    {
        _ws.WriteFile("schedules/loop.json", """{ "cron": "0 3 * * *", "command": "/bin/true" }""");
        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        using var http = new ServeHttp(serve, _ws.Root);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(http.TokenPath));
        Assert.True(http.Token.Length >= 32);
        Assert.Equal(0, await serve.StopAsync());
        Assert.Contains("state/http.token", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(http.Token, serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_HttpDisabled_ListensNowhere()
    {
        _ws.WriteFile("schedules/loop.json", """{ "cron": "0 3 * * *", "command": "/bin/true" }""");
        await using var serve = await ServeProcess.StartAsync(_ws.Root, new Dictionary<string, string> { ["PXL_Http__Enabled"] = "false" });
        Assert.Null(serve.BaseUrl);
        Assert.False(File.Exists(_ws.PathOf("state/http.token")));
        Assert.Equal(0, await serve.StopAsync());
    }

    private async Task<(int Code, string Output)> RunServeAsync(IReadOnlyDictionary<string, string> environment)
    {
        using var process = PxlProcess.Start(_ws.Root, environment, "serve");
        // A deadline for a hang only: a refused start took 41 s on a quiet machine and over 60 s beside stress-ng.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string? Promtool() =>
        new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists);
}
