using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PxlScheduler.Core.Processes;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Scheduling;

/// <summary>
/// `pxl serve` as systemd runs it: a real child process on a real SQLite store, schedules from files,
/// and this test process as the operator's second process (status, pause, resume, trigger).
/// </summary>
public sealed class ServeTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Serve_CronSlowerThanItsInterval_FiresOnTheSecondAndNeverOverlaps()
    {
        var script = _ws.WriteScript("slow.sh", "echo \"$PXL_SCHEDULED_AT\" >> fires.txt; sleep 1.5");
        _ws.WriteFile("schedules/tick.json", $$"""{ "cron": "* * * * * ?", "command": "{{script}}" }""");

        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Count >= 3, TimeSpan.FromSeconds(30), "three cron cycles");
        Assert.Equal(0, await serve.StopAsync());

        var runs = LedgerFile.Read(_ws.Root).Where(r => r.Text("status") != "cancelled").ToList();
        Assert.All(runs, r => Assert.Equal("cron", r.Text("trigger")));
        // On the second: each cycle's scheduled fire time is a whole second, and it started at or after it
        // (how long after is how busy the machine is, not the schedule's meaning).
        var fires = File.ReadAllLines(_ws.PathOf("fires.txt")).Select(f => DateTimeOffset.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(fires, f => Assert.Equal(0, f.Millisecond));
        Assert.True(runs[0].Instant("started_at") >= fires[0], $"first cron cycle started before its fire time {fires[0]:O}: {runs[0].Text("started_at")}");
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].Instant("started_at") >= runs[i - 1].Instant("finished_at"), $"run {i} overlapped run {i - 1}");
        }
    }

    [Fact]
    public async Task Serve_ContinuousSchedule_ChainsEndPlusSleep()
    {
        var script = _ws.WriteScript("ok.sh", "exit 0");
        _ws.WriteFile("schedules/loop.json", $$"""{ "continuous": { "sleepSeconds": 1 }, "command": "{{script}}" }""");

        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Count >= 3, TimeSpan.FromSeconds(30), "three continuous cycles");
        Assert.Equal(0, await serve.StopAsync());

        var runs = LedgerFile.Read(_ws.Root);
        Assert.All(runs, r => Assert.Equal("continuous", r.Text("trigger")));
        for (var i = 1; i < runs.Count; i++)
        {
            var gap = runs[i].Instant("started_at") - runs[i - 1].Instant("finished_at");
            Assert.True(gap >= TimeSpan.FromSeconds(0.99), $"gap {gap.TotalMilliseconds} ms before run {i} is shorter than the sleep");
        }
    }

    [Fact]
    public async Task Serve_FailuresHalt_RestartKeepsItHalted_ResumeRunsItAgain()
    {
        var script = _ws.WriteScript("flaky.sh", "[ -f fixed ] || exit 1");
        _ws.WriteFile("schedules/loop.json", $$"""
            { "continuous": { "sleepSeconds": 1 }, "command": "{{script}}", "maxFailures": 2, "backoff": { "baseSeconds": 1 } }
            """);

        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            await Wait.UntilAsync(async () => (await StatusOf("loop")).State == "halted", TimeSpan.FromSeconds(30), "the halt");
            Assert.Equal(0, await serve.StopAsync());
        }

        Assert.Equal(2, LedgerFile.Read(_ws.Root).Count);
        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            // Absence of a fire can only be shown by waiting: longer than the backoff and the sleep together.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(2, LedgerFile.Read(_ws.Root).Count);
            var halted = await StatusOf("loop");
            Assert.Equal("halted", halted.State);
            Assert.Equal(2, halted.Failures);

            File.WriteAllText(_ws.PathOf("fixed"), "");
            var resume = await PxlCli.RunAsync(_ws.Root, "resume", "loop");
            Assert.True(resume.ExitCode == 0, resume.ToString());
            Assert.Contains("failure count reset from 2", resume.Output, StringComparison.Ordinal);

            await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Any(r => r.Text("status") == "success"), TimeSpan.FromSeconds(20), "a successful cycle after resume");
            Assert.Equal(0, await serve.StopAsync());
        }

        var after = await StatusOf("loop");
        Assert.Equal(0, after.Failures);
        Assert.NotEqual("halted", after.State);
    }

    [Fact]
    public async Task Serve_CronFailure_RetriesOnceAfterTheBackoffAndSkipsCronFiresInTheWindow()
    {
        var script = _ws.WriteScript("fail.sh", "exit 1");
        _ws.WriteFile("schedules/tick.json", $$"""
            { "cron": "* * * * * ?", "command": "{{script}}", "maxFailures": 0, "backoff": { "baseSeconds": 3, "maxSeconds": 3 } }
            """);

        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Count >= 2, TimeSpan.FromSeconds(30), "the retry");
        Assert.Equal(0, await serve.StopAsync());

        var runs = LedgerFile.Read(_ws.Root);
        Assert.Equal("cron", runs[0].Text("trigger"));
        Assert.Equal("retry", runs[1].Text("trigger"));
        var wait = runs[1].Instant("started_at") - runs[0].Instant("finished_at");
        Assert.True(wait >= TimeSpan.FromSeconds(2.9), $"the retry came {wait.TotalMilliseconds} ms after the failure, inside the 3 s backoff; cron fires were not skipped");
    }

    [Fact]
    public async Task Serve_PauseResumeTriggerFromAnotherProcess_TakeEffectWhileItRuns()
    {
        var script = _ws.WriteScript("ok.sh", "exit 0");
        _ws.WriteFile("schedules/yearly.json", $$"""{ "cron": "0 0 1 1 *", "command": "{{script}}" }""");

        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        var trigger = await PxlCli.RunAsync(_ws.Root, "trigger", "yearly");
        Assert.True(trigger.ExitCode == 0, trigger.ToString());
        Assert.Equal("triggered yearly; a running `pxl serve` starts it within about a second", trigger.Output.Trim());
        await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Count == 1, TimeSpan.FromSeconds(20), "the manual run");
        Assert.Equal("manual", LedgerFile.Read(_ws.Root)[0].Text("trigger"));
        // The ledger line is written just before the firing completes in the store.
        await Wait.UntilAsync(async () => (await StatusOf("yearly")).State == "normal", TimeSpan.FromSeconds(10), "the manual firing to complete");

        Assert.Equal(0, (await PxlCli.RunAsync(_ws.Root, "pause", "yearly")).ExitCode);
        Assert.Equal("paused", (await StatusOf("yearly")).State);
        Assert.Equal(0, (await PxlCli.RunAsync(_ws.Root, "resume", "yearly")).ExitCode);
        var resumed = await StatusOf("yearly");
        Assert.True(resumed.State == "normal", $"state after resume: {resumed.State}");

        var unknown = await PxlCli.RunAsync(_ws.Root, "pause", "nope");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no schedule named 'nope' in the store; known: yearly", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(0, await serve.StopAsync());
    }

    [Fact]
    public async Task Serve_ScheduleFileRemoved_ItsTriggersAreGoneAfterRestart()
    {
        _ws.WriteFile("schedules/keep.json", """{ "cron": "0 0 1 1 *", "command": "/bin/true" }""");
        var drop = _ws.WriteFile("schedules/drop.json", """{ "cron": "0 0 1 1 *", "command": "/bin/true" }""");
        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            Assert.Equal(0, await serve.StopAsync());
        }

        Assert.Equal(["drop", "keep"], (await Statuses()).Select(s => s.Name));
        File.Delete(drop);
        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            Assert.Equal(0, await serve.StopAsync());
        }

        Assert.Equal(["keep"], (await Statuses()).Select(s => s.Name));
    }

    [Fact]
    public async Task Serve_AfterDowntime_SkipDropsTheMissedFireAndFireOnceCatchesUpOnce()
    {
        var script = _ws.WriteScript("ok.sh", "exit 0");
        // Once a minute, at a second some seconds from now: serve stops before it, and restarts after it. A start and
        // stop slower than the margin (a loaded machine) does not fail the test: the schedules move to a later second
        // and serve is started and stopped again on a fresh state folder, until the fire time is still ahead once
        // serve is down.
        var missed = DateTime.MinValue;
        for (var margin = 10; missed <= DateTime.UtcNow; margin += 10)
        {
            Assert.True(margin <= 50, "serve never started and stopped within 40 s");
            foreach (var folder in new[] { "state", "logs" }.Select(_ws.PathOf).Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }

            missed = DateTime.UtcNow.AddSeconds(margin);
            var second = missed.Second;
            _ws.WriteFile("schedules/skip.json", $$"""{ "cron": "{{second}} * * * * ?", "misfire": "skip", "command": "{{script}}" }""");
            _ws.WriteFile("schedules/once.json", $$"""{ "cron": "{{second}} * * * * ?", "misfire": "fireOnce", "command": "{{script}}" }""");
            missed = missed.AddTicks(-(missed.Ticks % TimeSpan.TicksPerSecond));
            await using var serve = await ServeProcess.StartAsync(_ws.Root);
            Assert.Equal(0, await serve.StopAsync());
        }

        Assert.Empty(LedgerFile.Read(_ws.Root));
        // Past the missed fire by more than the misfire threshold (2 s).
        await Wait.UntilAsync(() => DateTime.UtcNow > missed.AddSeconds(3), TimeSpan.FromSeconds(30), "the fire time to be missed");
        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Count >= 1, TimeSpan.FromSeconds(20), "the catch-up run");
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(0, await serve.StopAsync());
        }

        var runs = LedgerFile.Read(_ws.Root);
        Assert.Equal("once", Assert.Single(runs).Text("schedule"));
    }

    [Fact]
    public async Task Serve_StopFile_IdlesWhileItExistsAndResumesWhenRemoved()
    {
        // Back to back: each vetoed fire comes due again at once, which once made serve spin at most of a core,
        // logging a warning hundreds of times a second.
        var script = _ws.WriteScript("ok.sh", "exit 0");
        _ws.WriteFile("appsettings.json", """{ "Serilog": { "Using": [ "Serilog.Sinks.Console" ], "WriteTo": [ { "Name": "Console" } ] } }""");
        _ws.WriteFile("schedules/loop.json", $$"""{ "continuous": { "sleepSeconds": 0 }, "command": "{{script}}" }""");
        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Count >= 1, TimeSpan.FromSeconds(20), "a first cycle");

        var stopFile = _ws.WriteFile("state/run_cycle.stop", "");
        Assert.Equal("stopped by stop file", (await StatusOf("loop")).State);
        var count = LedgerFile.Read(_ws.Root).Count;
        await Task.Delay(TimeSpan.FromSeconds(3));
        // At most the cycle that was already starting when the file appeared.
        var idle = LedgerFile.Read(_ws.Root).Count;
        Assert.True(idle <= count + 1, $"{idle - count} cycles ran while the stop file existed");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(idle, LedgerFile.Read(_ws.Root).Count);
        Assert.True(Regex.Count(serve.Output, "Fire of loop skipped: stop file") == 1, serve.Output);

        File.Delete(stopFile);
        await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Count > idle, TimeSpan.FromSeconds(20), "a cycle after the stop file is removed");
        Assert.Equal(0, await serve.StopAsync());
    }

    [Fact]
    public async Task Serve_SigtermDuringACycle_RecordsItCancelledAndExitsZero()
    {
        var script = _ws.WriteScript("long.sh", "echo $$ > child.pid; sleep 300");
        _ws.WriteFile("schedules/loop.json", $$"""{ "continuous": { "sleepSeconds": 0 }, "command": "{{script}}" }""");
        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        await Wait.UntilAsync(() => File.Exists(_ws.PathOf("child.pid")) && new FileInfo(_ws.PathOf("child.pid")).Length > 0, TimeSpan.FromSeconds(20), "the cycle to start");

        Assert.Equal(0, await serve.StopAsync());

        var run = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal("cancelled", run.Text("status"));
        var child = int.Parse(File.ReadAllText(_ws.PathOf("child.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(ProcessTree.IsAlive(child), "the cycle outlived serve");
    }

    [Fact]
    public async Task Serve_SecondOnTheSameStateDirectory_IsRefused()
    {
        _ws.WriteFile("schedules/yearly.json", """{ "cron": "0 0 1 1 *", "command": "/bin/true" }""");
        await using var serve = await ServeProcess.StartAsync(_ws.Root);

        var second = await PxlCli.RunAsync(_ws.Root, "serve");

        Assert.Equal(2, second.ExitCode);
        Assert.Contains("`pxl serve` (pid ", second.Error, StringComparison.Ordinal);
        Assert.Contains("already runs cycles on state/pxl.db.serve.lock", second.Error, StringComparison.Ordinal);
        Assert.Equal(0, await serve.StopAsync());
    }

    [Fact]
    public async Task Serve_InvalidScheduleFile_RefusesToStart()
    {
        _ws.WriteFile("schedules/bad.json", """{ "cron": "* * * * *", "colour": "red" }""");

        var run = await PxlCli.RunAsync(_ws.Root, "serve");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("schedules/bad.json: colour: unknown field", run.Error, StringComparison.Ordinal);
        Assert.Contains("serve did not start", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_ws.PathOf("state")), "a refused serve created state/");
    }

    [Fact]
    public async Task Serve_SchedulesFolderMissing_RefusesRatherThanDeleteTheStoredSchedules()
    {
        _ws.WriteFile("schedules/nightly.json", """{ "cron": "0 2 * * *" }""");
        await using (var first = await ServeProcess.StartAsync(_ws.Root))
        {
            Assert.Equal(0, await first.StopAsync());
        }

        Assert.Equal(0, (await PxlCli.RunAsync(_ws.Root, "pause", "nightly")).ExitCode);
        Directory.Move(_ws.PathOf("schedules"), _ws.PathOf("schedules.off"));

        var run = await PxlCli.RunAsync(_ws.Root, "serve");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith(
            "pxl: error: the schedules folder schedules (Paths:Schedules) does not exist, and the store holds 1 schedule(s) that serve would delete with their halts and pauses; nothing was changed.",
            run.Error,
            StringComparison.Ordinal);
        var nightly = Assert.Single(await Statuses());
        Assert.Equal(("nightly", "paused"), (nightly.Name, nightly.State));
    }

    [Fact]
    public async Task Serve_ResumeOfABackingOffContinuousSchedule_RunsItNowAndStartsTheBackoffAfresh()
    {
        // Fails until ok exists; after a failure Quartz's trigger waits a minute (the backoff base).
        var script = _ws.WriteScript("flaky.sh", "[ -e ok ] && exit 0; exit 7");
        _ws.WriteFile("schedules/loop.json", $$"""{ "continuous": { "sleepSeconds": 3600 }, "command": "{{script}}", "backoff": { "baseSeconds": 60, "maxSeconds": 600 } }""");
        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        // The store holds the failure once Quartz has completed the firing, after the ledger line: as an operator sees it.
        await Wait.UntilAsync(async () => (await StatusOf("loop")).Failures == 1, TimeSpan.FromSeconds(30), "the first, failing cycle in the store");
        Assert.Equal("failure", Assert.Single(LedgerFile.Read(_ws.Root)).Text("status"));

        _ws.WriteFile("ok", "");
        var resume = await PxlCli.RunAsync(_ws.Root, "resume", "loop");

        Assert.True(resume.ExitCode == 0, resume.ToString());
        await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Count == 2, TimeSpan.FromSeconds(30), "a cycle soon after the resume, not a minute later");
        Assert.Equal("success", LedgerFile.Read(_ws.Root)[1].Text("status"));
        Assert.Equal(0, await serve.StopAsync());
    }

    [Fact]
    public async Task Serve_ContinuousScheduleEditedWhileBackingOff_KeepsItsBackoffWindow()
    {
        var script = _ws.WriteScript("failing.sh", "exit 7");
        _ws.WriteFile("appsettings.json", """{ "Serilog": { "Using": [ "Serilog.Sinks.Console" ], "WriteTo": [ { "Name": "Console" } ] } }""");
        string Schedule(string goal) => $$"""{ "continuous": { "sleepSeconds": 3600 }, "command": "{{script}}", "goal": "{{goal}}", "backoff": { "baseSeconds": 60, "maxSeconds": 600 } }""";
        _ws.WriteFile("schedules/loop.json", Schedule("first"));
        await using (var first = await ServeProcess.StartAsync(_ws.Root))
        {
            await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Count == 1, TimeSpan.FromSeconds(30), "the first, failing cycle");
            Assert.Equal(0, await first.StopAsync());
        }

        var failedAt = DateTimeOffset.Parse(LedgerFile.Read(_ws.Root)[0].Text("finished_at"), CultureInfo.InvariantCulture);
        _ws.WriteFile("schedules/loop.json", Schedule("edited"));
        await using var second = await ServeProcess.StartAsync(_ws.Root);
        Assert.Contains("1 updated", second.Output, StringComparison.Ordinal);

        // The retry stays at end + 60 s rather than coming at once.
        var status = await PxlCli.RunAsync(_ws.Root, "status", "--json");
        using var json = JsonDocument.Parse(status.Output);
        var next = json.RootElement.EnumerateArray().Single().GetProperty("next_fire_at").GetDateTimeOffset();
        Assert.True(next >= failedAt.AddSeconds(55), $"next fire {next:O}, failed at {failedAt:O}");
        Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal(0, await second.StopAsync());
    }

    [Fact]
    public async Task Resume_ScheduleDisabledInItsFile_IsRefusedAndStaysPaused()
    {
        _ws.WriteFile("schedules/tick.json", """{ "cron": "* * * * * ?", "enabled": false }""");
        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            Assert.Equal(0, await serve.StopAsync());
        }

        var before = await StatusOf("tick");
        var resume = await PxlCli.RunAsync(_ws.Root, "resume", "tick");

        Assert.True(resume.ExitCode == 2, resume.ToString());
        Assert.StartsWith("pxl: error: tick is disabled in schedules/tick.json; set \"enabled\": true there", resume.Error, StringComparison.Ordinal);
        Assert.Equal(before, await StatusOf("tick"));
    }

    [Fact]
    public async Task Trigger_WithNoServeRunningAndTheStopFile_SaysWhenItWillReallyRun()
    {
        _ws.WriteFile("schedules/yearly.json", """{ "cron": "0 0 1 1 *" }""");
        await using (var serve = await ServeProcess.StartAsync(_ws.Root))
        {
            Assert.Equal(0, await serve.StopAsync());
        }

        var queued = await PxlCli.RunAsync(_ws.Root, "trigger", "yearly");
        _ws.WriteFile("state/run_cycle.stop", "");
        var stopped = await PxlCli.RunAsync(_ws.Root, "trigger", "yearly");

        Assert.Equal("triggered yearly; no `pxl serve` runs on this store now; it runs when one starts", queued.Output.Trim());
        Assert.Equal(
            "triggered yearly; no `pxl serve` runs on this store now; it runs when one starts, but the stop file state/run_cycle.stop exists: that fire will be skipped",
            stopped.Output.Trim());
    }

    [Fact]
    public async Task Serve_AppsettingsNotJson_RefusesToStartWithExit2()
    {
        // Exit 2 is what the systemd unit does not restart (RestartPreventExitStatus=2): a typo must not loop.
        _ws.WriteFile("appsettings.json", """{ "Cycle": { "CapWrites": 2 } """);
        _ws.WriteFile("schedules/nightly.json", """{ "cron": "0 2 * * *" }""");

        var run = await PxlCli.RunAsync(_ws.Root, "serve");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("pxl: error: appsettings.json: not valid JSON: Expected depth to be zero", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_ws.PathOf("state")), "a refused serve created state/");
    }

    private async Task<IReadOnlyList<Status>> Statuses()
    {
        var run = await PxlCli.RunAsync(_ws.Root, "status", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Output);
        return json.RootElement.EnumerateArray()
            .Select(s => new Status(s.GetProperty("name").GetString()!, s.GetProperty("state").GetString()!, s.GetProperty("consecutive_failures").GetInt32()))
            .ToList();
    }

    private async Task<Status> StatusOf(string name) => (await Statuses()).Single(s => s.Name == name);

    private sealed record Status(string Name, string State, int Failures);
}
