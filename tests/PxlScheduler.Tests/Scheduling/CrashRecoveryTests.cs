using System.Globalization;
using System.Text.Json;
using PxlScheduler.Core.Processes;
using PxlScheduler.Tests.Ledger;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Scheduling;

/// <summary>kill -9 of `serve` and of `run` in the middle of a cycle, and what the next start makes of it (SPEC 8).</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Serve_KilledMidCycle_NextStartRecordsItInterruptedOnceStopsTheOrphanAndRunsAgain()
    {
        var script = _ws.WriteScript("cycle.sh", """
            if [ ! -f crashed-once ]; then touch crashed-once; echo $$ > child.pid; sleep 300; fi
            exit 0
            """);
        _ws.WriteFile("schedules/loop.json", $$"""{ "continuous": { "sleepSeconds": 1 }, "command": "{{script}}" }""");

        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            await Wait.UntilAsync(() => ChildPid() is not null, TimeSpan.FromSeconds(20), "the cycle to start");
            await serve.CrashAsync();
        }

        Assert.True(ProcessTree.IsAlive(ChildPid()!.Value), "the cycle's child should outlive a kill -9 of serve until the next start");
        Assert.Empty(LedgerFile.Read(_ws.Root));

        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Any(r => r.Text("status") == "success"), TimeSpan.FromSeconds(30), "a cycle after the restart");
            Assert.Equal(0, await serve.StopAsync());
        }

        var runs = LedgerFile.Read(_ws.Root);
        var interrupted = Assert.Single(runs, r => r.Text("status") == "interrupted");
        Assert.Equal(1, interrupted.GetProperty("consecutive_failures").GetInt32());
        Assert.Equal(runs.Count, runs.Select(r => r.Text("run_id")).Distinct().Count());
        Assert.False(ProcessTree.IsAlive(ChildPid()!.Value), "the orphaned cycle process survived the restart");
        Assert.Empty(Directory.GetFiles(_ws.PathOf("state/in_flight")));
        using var latest = JsonDocument.Parse(File.ReadAllText(_ws.PathOf("logs/run_cycle/latest.json")));
        Assert.Equal("success", latest.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Serve_KilledWhileAScheduleIsHalted_RestartKeepsItHaltedWhileAnotherFires_ResumeLiftsIt()
    {
        var flaky = _ws.WriteScript("flaky.sh", "[ -f fixed ] || exit 1");
        var steady = _ws.WriteScript("steady.sh", "exit 0");
        _ws.WriteFile("schedules/flaky.json", $$"""
            { "continuous": { "sleepSeconds": 1 }, "command": "{{flaky}}", "maxFailures": 2, "backoff": { "baseSeconds": 1 } }
            """);
        _ws.WriteFile("schedules/steady.json", $$"""{ "continuous": { "sleepSeconds": 1 }, "command": "{{steady}}" }""");

        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            // Halted and paused in the store: the pause lands just after the firing that halted it completes.
            await Wait.UntilAsync(async () => await TriggerStateAsync("flaky") == "PAUSED", TimeSpan.FromSeconds(30), "the halt to pause flaky's trigger");
            await serve.CrashAsync();
        }

        Assert.Equal(2, RunsOf("flaky").Count);
        var steadyBefore = RunsOf("steady").Count;
        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            // Three more steady cycles take over 2 s: longer than flaky's backoff and sleep together.
            await Wait.UntilAsync(() => RunsOf("steady").Count(r => r.Text("status") == "success") >= steadyBefore + 3, TimeSpan.FromSeconds(30), "steady to keep firing");
            Assert.Equal(2, RunsOf("flaky").Count);
            Assert.Equal("PAUSED", await TriggerStateAsync("flaky"));
            var status = await PxlCli.RunAsync(_ws.Root, "status", "--json");
            using (var json = JsonDocument.Parse(status.Output))
            {
                var halted = json.RootElement.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "flaky");
                Assert.Equal("halted", halted.GetProperty("state").GetString());
                Assert.Equal(2, halted.GetProperty("consecutive_failures").GetInt32());
            }

            File.WriteAllText(_ws.PathOf("fixed"), "");
            var resume = await PxlCli.RunAsync(_ws.Root, "resume", "flaky");
            Assert.True(resume.ExitCode == 0, resume.ToString());
            await Wait.UntilAsync(() => RunsOf("flaky").Any(r => r.Text("status") == "success"), TimeSpan.FromSeconds(30), "flaky to run again after resume");
            Assert.Equal(0, await serve.StopAsync());
        }

        var runs = LedgerFile.Read(_ws.Root);
        Assert.Equal(runs.Count, runs.Select(r => r.Text("run_id")).Distinct().Count());
        var verify = await PxlCli.RunAsync(_ws.Root, "ledger", "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Run_KilledMidCycle_NextRunRecordsItInterruptedExactlyOnce()
    {
        var script = _ws.WriteScript("cycle.sh", """
            if [ ! -f crashed-once ]; then touch crashed-once; echo $$ > child.pid; sleep 300; fi
            exit 0
            """);
        using (var run = PxlProcess.Start(_ws.Root, "run", "--iterations", "1", "--", script))
        {
            await Wait.UntilAsync(() => ChildPid() is not null, TimeSpan.FromSeconds(30), "the cycle to start");
            ProcessTree.Signal([run.Id], ProcessTree.SigKill);
            await run.WaitForExitAsync();
        }

        var first = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);
        var second = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first + "\n" + second);
        var runs = LedgerFile.Read(_ws.Root);
        Assert.Equal(["interrupted", "success", "success"], runs.Select(r => r.Text("status")));
        Assert.Contains("crash or kill -9", runs[0].Text("error"), StringComparison.Ordinal);
        Assert.False(ProcessTree.IsAlive(ChildPid()!.Value));
    }

    [Theory]
    [InlineData("after-marker", "interrupted")]
    [InlineData("after-jsonl", "success")]
    [InlineData("after-mirror", "success")]
    [InlineData("after-latest", "success")]
    [InlineData("after-archive-file", "interrupted")]
    public async Task Run_KilledAtACrashPoint_NextStartLosesNothingAndDuplicatesNothing(string point, string crashedStatus)
    {
        var script = _ws.WriteScript("cycle.sh", "echo '{\"note\":\"digest\"}' >> state/planner_digests.jsonl");
        Directory.CreateDirectory(_ws.PathOf("state"));
        using (var crashing = PxlProcess.Start(_ws.Root, new Dictionary<string, string> { ["PXL_CRASH_AT"] = point }, "run", "--iterations", "1", "--", script))
        {
            await crashing.WaitForExitAsync();
            Assert.Equal(137, crashing.ExitCode);
        }

        var next = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);
        Assert.True(next.ExitCode == 0, next.ToString());

        // Every line parses (no torn line), no run twice, the crashed run once with the status it really had.
        var runs = LedgerFile.Read(_ws.Root);
        Assert.Equal(2, runs.Count);
        Assert.Equal(2, runs.Select(r => r.Text("run_id")).Distinct().Count());
        Assert.Equal([crashedStatus, "success"], runs.Select(r => r.Text("status")));
        Assert.Empty(Directory.GetFiles(_ws.PathOf("state/in_flight")));
        using (var latest = JsonDocument.Parse(File.ReadAllText(_ws.PathOf("logs/run_cycle/latest.json"))))
        {
            Assert.Equal(runs[1].Text("run_id"), latest.RootElement.GetProperty("run_id").GetString());
        }

        var verify = await PxlCli.RunAsync(_ws.Root, "ledger", "verify");
        Assert.True(verify.ExitCode == 0, $"every JSONL run in SQL: {verify}");
        var digests = await PxlCli.RunAsync(_ws.Root, "digests", "verify");
        Assert.True(digests.ExitCode == 0, $"digest archives equal the source: {digests}");
    }

    [Fact]
    public async Task Run_KilledAfterAppendingALineOverOneMiB_NextStartDoesNotRecordItAgain()
    {
        // A goal of 1.2 MB makes the run's line longer than any window near the end of the ledger.
        var goal = new string('g', 1_200_000);
        _ws.WriteFile("appsettings.json", JsonSerializer.Serialize(new { Modes = new { experimental = new { Goal = goal } } }));
        var script = _ws.WriteScript("cycle.sh", "exit 0");
        await CrashAfterJsonlAsync(script);
        var crashed = Assert.Single(LedgerFile.Read(_ws.Root)).Text("run_id");

        var next = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);

        Assert.True(next.ExitCode is 0 or 1, next.ToString());
        var runs = LedgerFile.Read(_ws.Root);
        Assert.Equal(2, runs.Count);
        Assert.Single(runs, r => r.Text("run_id") == crashed);
        Assert.Empty(Directory.GetFiles(_ws.PathOf("state/in_flight")));
        var verify = await PxlCli.RunAsync(_ws.Root, "ledger", "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Run_KilledAfterItsAppendThenAnotherProcessAppendsOverOneMiB_NextStartDoesNotRecordItAgain()
    {
        var script = _ws.WriteScript("cycle.sh", "exit 0");
        await CrashAfterJsonlAsync(script);
        var crashed = Assert.Single(LedgerFile.Read(_ws.Root)).Text("run_id");
        // Another process (a second workspace user, a restore) appends well over 1 MiB of other runs after it.
        var others = Enumerable.Range(0, 4000).Select(i => LedgerWorkspace.Line(LedgerWorkspace.Run($"other-{i:0000}", minute: i, goal: new string('o', 200))));
        File.AppendAllText(_ws.PathOf(LedgerFile.DefaultPath), string.Concat(others.Select(l => l + "\n")));
        Assert.True(new FileInfo(_ws.PathOf(LedgerFile.DefaultPath)).Length > 1 << 20);

        var next = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);

        Assert.True(next.ExitCode == 0, next.ToString());
        var runs = LedgerFile.Read(_ws.Root);
        Assert.Equal(4002, runs.Count);
        Assert.Single(runs, r => r.Text("run_id") == crashed);
        Assert.Equal("success", runs[0].Text("status"));
        Assert.Empty(Directory.GetFiles(_ws.PathOf("state/in_flight")));
    }

    /// <summary>A real `pxl run` killed with SIGKILL just after its run's line is flushed to the JSONL, before anything else.</summary>
    private async Task CrashAfterJsonlAsync(string script)
    {
        using var crashing = PxlProcess.Start(_ws.Root, new Dictionary<string, string> { ["PXL_CRASH_AT"] = "after-jsonl" }, "run", "--iterations", "1", "--", script);
        await crashing.WaitForExitAsync();
        Assert.Equal(137, crashing.ExitCode);
        Assert.Single(Directory.GetFiles(_ws.PathOf("state/in_flight")));
    }

    private List<JsonElement> RunsOf(string schedule) => LedgerFile.Read(_ws.Root).Where(r => r.Text("schedule") == schedule).ToList();

    /// <summary>The schedule's main trigger state as the Quartz store holds it, read through `pxl ledger query`.</summary>
    private async Task<string?> TriggerStateAsync(string schedule)
    {
        if (!File.Exists(_ws.PathOf("state/pxl.db")))
        {
            return null;
        }

        var query = await PxlCli.RunAsync(_ws.Root, "ledger", "query", "--format", "json", $"SELECT trigger_state AS state FROM qrtz_triggers WHERE trigger_name = '{schedule}' AND trigger_group = 'pxl'");
        if (query.ExitCode != 0)
        {
            return null;
        }

        using var json = JsonDocument.Parse(query.Output);
        return json.RootElement.EnumerateArray().Select(r => r.GetProperty("state").GetString()).SingleOrDefault();
    }

    private int? ChildPid()
    {
        var path = _ws.PathOf("child.pid");
        return File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }
}
