using Microsoft.Data.Sqlite;
using PxlScheduler.Core.Processes;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Commands;

/// <summary>`pxl run` end to end: real Quartz, real child processes, real files and a real SQLite mirror.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Run_OneIteration_LogLatestJsonlAndSqlRowAgree()
    {
        var script = _ws.WriteScript("ok.sh", "echo hello-out; echo hello-err >&2; exit 0");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--sleep", "0", "--timeout", "30", "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        var line = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal("success", line.Text("status"));
        Assert.Equal("adhoc", line.Text("schedule"));
        Assert.Equal("adhoc", line.Text("trigger"));
        Assert.Equal(0, line.GetProperty("exit_code").GetInt32());
        Assert.EndsWith("Z", line.Text("started_at"), StringComparison.Ordinal);

        var logPath = line.Text("log_path");
        Assert.StartsWith("logs/run_cycle/", logPath, StringComparison.Ordinal);
        var log = File.ReadAllText(Path.Combine(_ws.Root, logPath));
        Assert.Contains(line.Text("run_id"), log, StringComparison.Ordinal);
        Assert.Contains("hello-out", log, StringComparison.Ordinal);
        Assert.Contains("hello-err", log, StringComparison.Ordinal);
        Assert.Contains("status: success", log, StringComparison.Ordinal);

        using var latest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_ws.Root, "logs/run_cycle/latest.json")));
        Assert.Equal(line.Text("run_id"), latest.RootElement.GetProperty("run_id").GetString());
        Assert.Equal(logPath, latest.RootElement.GetProperty("log_path").GetString());
        Assert.False(latest.RootElement.GetProperty("halted").GetBoolean());

        await using var db = new SqliteConnection($"Data Source={Path.Combine(_ws.Root, "state/pxl.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT run_id, status, log_path, raw FROM runs";
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(line.Text("run_id"), reader.GetString(0));
        Assert.Equal("success", reader.GetString(1));
        Assert.Equal(logPath, reader.GetString(2));
        // The line is exactly its columns, so raw keeps no copy of it (migration 002); `pxl ledger verify` checks the two agree.
        Assert.True(reader.IsDBNull(3));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task Run_IterationsWithSleep_SpacesCyclesByAtLeastTheSleep()
    {
        var script = _ws.WriteScript("ok.sh", "exit 0");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "3", "--sleep", "1", "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = LedgerFile.Read(_ws.Root);
        Assert.Equal(3, lines.Count);
        for (var i = 1; i < lines.Count; i++)
        {
            var gap = lines[i].Instant("started_at") - lines[i - 1].Instant("finished_at");
            // Instants are stored to the millisecond, so allow that much rounding.
            Assert.True(gap >= TimeSpan.FromMilliseconds(998), $"gap {i} was {gap.TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task Run_CommandKeepsFailing_HaltsAfterExactlyMaxFailuresWithGrowingCappedBackoff()
    {
        var script = _ws.WriteScript("fail.sh", "echo nope >&2; exit 7");

        var run = await PxlCli.RunAsync(
            _ws.Root, "run", "--continuous", "--sleep", "0", "--max-failures", "4", "--backoff-base", "0.3", "--max-backoff", "0.5", "--", script);

        Assert.True(run.ExitCode == 3, run.ToString());
        var lines = LedgerFile.Read(_ws.Root);
        Assert.Equal([1, 2, 3, 4], lines.Select(l => l.GetProperty("consecutive_failures").GetInt32()));
        Assert.All(lines, l => Assert.Equal("failure", l.Text("status")));
        Assert.All(lines, l => Assert.Equal(7, l.GetProperty("exit_code").GetInt32()));
        Assert.Equal(["adhoc", "retry", "retry", "retry"], lines.Select(l => l.Text("trigger")));

        var gaps = Enumerable.Range(1, 3).Select(i => lines[i].Instant("started_at") - lines[i - 1].Instant("finished_at")).ToList();
        // Expected 0.3 s, then min(0.6, 0.5) and min(1.2, 0.5): growing, then held at the cap.
        Assert.True(gaps[0] >= TimeSpan.FromMilliseconds(298), $"first backoff {gaps[0].TotalMilliseconds} ms");
        Assert.True(gaps[1] >= TimeSpan.FromMilliseconds(498), $"second backoff {gaps[1].TotalMilliseconds} ms");
        Assert.True(gaps[2] >= TimeSpan.FromMilliseconds(498), $"third backoff {gaps[2].TotalMilliseconds} ms");
        // No upper bound here: how late a retry starts is how busy the machine is. The cap itself is a pure
        // calculation, asserted in BackoffTests.Delay_NthFailure_IsBaseTimesPowerOfTwoCapped.

        using var latest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_ws.Root, "logs/run_cycle/latest.json")));
        Assert.True(latest.RootElement.GetProperty("halted").GetBoolean());
        Assert.Contains("4 consecutive", latest.RootElement.GetProperty("halt_reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CycleOverItsTimeout_IsRecordedAsTimeoutAndItsTreeIsGone()
    {
        var script = _ws.WriteScript("slow.sh", """
            bash -c 'trap "" TERM; echo $$ > grandchild.pid; sleep 300' &
            echo $$ > child.pid
            sleep 300
            """);

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--timeout", "1", "--", script);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("timeout", Assert.Single(LedgerFile.Read(_ws.Root)).Text("status"));
        foreach (var pidFile in new[] { "child.pid", "grandchild.pid" })
        {
            var pid = int.Parse(File.ReadAllText(Path.Combine(_ws.Root, pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.False(ProcessTree.IsAlive(pid), $"{pidFile} ({pid}) survived the timeout");
        }
    }

    [Fact]
    public async Task Run_StopFileCreatedDuringACycle_StopsBeforeTheNextAndExitsZero()
    {
        var script = _ws.WriteScript("stopper.sh", "mkdir -p state; touch state/run_cycle.stop; exit 0");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "5", "--sleep", "0", "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Contains("stop file", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_GoalFullOfShellSyntax_ArrivesByteForByteAndRunsNothing()
    {
        const string goal = "say \"hi\" and 'bye'; $(touch pwned) `touch pwned2`\nsecond line";
        var script = _ws.WriteScript("echo-goal.sh", """
            printf '%s' "$2" > goal-arg.txt
            printf '%s' "$PXL_GOAL" > goal-env.txt
            """);

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--goal", goal, "--command", script, "--", "--goal", "{goal}");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(goal, File.ReadAllText(Path.Combine(_ws.Root, "goal-arg.txt")));
        Assert.Equal(goal, File.ReadAllText(Path.Combine(_ws.Root, "goal-env.txt")));
        Assert.False(File.Exists(Path.Combine(_ws.Root, "pwned")));
        Assert.False(File.Exists(Path.Combine(_ws.Root, "pwned2")));
        Assert.Equal(goal, Assert.Single(LedgerFile.Read(_ws.Root)).Text("goal"));
    }

    [Fact]
    public async Task Run_TwoCyclesInOneSecond_WriteTwoLogFiles()
    {
        var script = _ws.WriteScript("fast.sh", "echo $PXL_RUN_ID");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "2", "--sleep", "0", "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        var logs = LedgerFile.Read(_ws.Root).Select(l => l.Text("log_path")).ToList();
        Assert.Equal(2, logs.Distinct().Count());
        foreach (var (log, line) in logs.Zip(LedgerFile.Read(_ws.Root)))
        {
            Assert.Contains(line.Text("run_id"), File.ReadAllText(Path.Combine(_ws.Root, log)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_AfterATornLedgerLine_AppendsOnAFreshLine()
    {
        var ledger = Path.Combine(_ws.Root, LedgerFile.DefaultPath);
        Directory.CreateDirectory(Path.GetDirectoryName(ledger)!);
        File.WriteAllText(ledger, "{\"run_id\":\"torn\",\"sta");
        var script = _ws.WriteScript("ok.sh", "exit 0");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = File.ReadAllLines(ledger);
        Assert.Equal(2, lines.Length);
        Assert.Equal("{\"run_id\":\"torn\",\"sta", lines[0]);
        Assert.Equal("success", System.Text.Json.JsonDocument.Parse(lines[1]).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Run_MissingCommand_RecordsStartFailedNamingIt()
    {
        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--max-failures", "0", "--", "tools/does-not-exist.sh");

        Assert.True(run.ExitCode == 1, run.ToString());
        var line = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal("start_failed", line.Text("status"));
        Assert.Contains("does-not-exist.sh", line.Text("error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NonExecutableCommand_RecordsStartFailed()
    {
        var path = Path.Combine(_ws.Root, "plain.sh");
        File.WriteAllText(path, "#!/bin/sh\nexit 0\n");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("start_failed", Assert.Single(LedgerFile.Read(_ws.Root)).Text("status"));
    }

    [Theory]
    // A value of the right type but out of range, named by the validator
    [InlineData("{\"Cycle\": {\"TimeoutSeconds\": -5}}", "Cycle:TimeoutSeconds")]
    [InlineData("{\"Cycle\": {\"MaxFailures\": -1}}", "Cycle:MaxFailures")]
    [InlineData("{\"Cycle\": {\"DefaultMode\": \"nope\"}}", "Cycle:DefaultMode")]
    [InlineData("{\"Cycle\": {\"Arguments\": [\"{goal}\", \"{gaol}\"]}}", "Cycle:Arguments:1")]
    [InlineData("{\"Modes\": {\"fast\": {\"Goal\": \"\"}}}", "Modes:fast:Goal")]
    [InlineData("{\"Storage\": {\"NodeName\": \"node one\"}}", "Storage:NodeName")]
    [InlineData("{\"Storage\": {\"Provider\": \"Postgres\"}}", "Storage:ConnectionString is not a Postgres connection string")]
    [InlineData("{\"Storage\": {\"CheckinIntervalSeconds\": 0}}", "Storage:CheckinIntervalSeconds")]
    // A value of the wrong type, named by the binder
    [InlineData("{\"Cycle\": {\"TimeoutSeconds\": \"soon\"}}", "Cycle:TimeoutSeconds")]
    [InlineData("{\"Storage\": {\"Provider\": \"Oracle\"}}", "Storage:Provider")]
    // A file that is not JSON, or not an object, named with the parser's reason and position
    [InlineData("{", "appsettings.json: not valid JSON: Expected depth to be zero")]
    [InlineData("[]", "appsettings.json: not valid JSON: Top-level JSON element must be an object")]
    [InlineData("{\"Cycle\": {\"CapWrites\": 2}} trailing", "appsettings.json: not valid JSON: 't' is invalid after a single JSON value")]
    [InlineData("", "appsettings.json: not valid JSON: The input does not contain any JSON tokens")]
    // Serilog's own section, read when the logger is made
    [InlineData("{\"Serilog\": {\"MinimumLevel\": \"Loud\"}}", "Serilog: The value Loud is not a valid Serilog level; valid: Verbose")]
    public async Task Run_InvalidConfigurationValue_ExitsTwoNamingTheKey(string appsettings, string key)
    {
        File.WriteAllText(Path.Combine(_ws.Root, "appsettings.json"), appsettings);
        var script = _ws.WriteScript("ok.sh", "touch ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(key, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_ws.Root, "ran.txt")));
        Assert.Empty(LedgerFile.Read(_ws.Root));
    }

    [Fact]
    public async Task Run_ProblemsInSeveralSections_AreNamedAllAtOnce()
    {
        File.WriteAllText(Path.Combine(_ws.Root, "appsettings.json"), """{ "Cycle": { "TimeoutSeconds": -5 }, "Storage": { "NodeName": "node one" }, "Paths": { "StopFile": "" } }""");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", "/bin/true");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(
            ["Cycle:TimeoutSeconds", "Paths:StopFile", "Storage:NodeName"],
            run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l["pxl: error: ".Length..].Split(' ')[0]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("--max-failures", "-1")]
    [InlineData("--sleep", "-2")]
    [InlineData("--timeout", "0")]
    [InlineData("--iterations", "0")]
    [InlineData("--mode", "nonexistent")]
    [InlineData("--cap-writes", "-3")]
    [InlineData("--max-backoff", "NaN")]
    public async Task Run_InvalidFlag_ExitsTwoNamingTheFlag(string flag, string value)
    {
        var script = _ws.WriteScript("ok.sh", "touch ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", flag, value, "--", script);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(flag, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_ws.Root, "ran.txt")));
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--itrations")]
    public async Task Run_UnknownOptionBeforeTheDoubleDash_ExitsTwoAndRunsNothing(string typo)
    {
        var script = _ws.WriteScript("ok.sh", "touch ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", typo, "2", "--", script);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"{typo} is not an option of pxl run; put the cycle's command and its arguments after --", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_ws.Root, "ran.txt")));
        Assert.Empty(LedgerFile.Read(_ws.Root));
    }

    [Fact]
    public async Task Run_DashedWordsAfterTheDoubleDash_AreTheCommandsArguments()
    {
        var script = _ws.WriteScript("args.sh", "printf '%s\\n' \"$@\" > args.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script, "--verbose", "-x");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("--verbose\n-x\n", File.ReadAllText(Path.Combine(_ws.Root, "args.txt")));
    }

    [Fact]
    public async Task Run_IterationsAndContinuousTogether_ExitsTwo()
    {
        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "2", "--continuous", "--", "/bin/true");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--continuous", run.Error, StringComparison.Ordinal);
    }
}
