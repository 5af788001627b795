using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Checks;

/// <summary>The required checks before every cycle (SPEC 6 step 2), through real `pxl run` cycles.</summary>
public sealed class PrerequisitesBeforeACycleTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Cycle_RequiredCheckFails_EndsPrereqFailedWithTheHintInTheLogAndTheCommandNotRun()
    {
        WriteChecks("""
            {
              "Required": [
                { "Name": "bash", "Command": "bash", "Arguments": ["--version"] },
                { "Name": "model weights", "Path": "models/weights.bin", "Hint": "download them: tools/fetch-weights.sh" }
              ]
            }
            """);
        var script = _ws.WriteScript("cycle.sh", "touch ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.False(File.Exists(_ws.PathOf("ran.txt")), "the cycle command must not start");
        var line = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal("prereq_failed", line.Text("status"));
        Assert.Equal("prerequisite failed: model weights", line.Text("error"));
        Assert.Equal(1, line.GetProperty("consecutive_failures").GetInt32());
        var log = File.ReadAllText(_ws.PathOf(line.Text("log_path")));
        Assert.Contains("[pxl] prerequisite failed: model weights: models/weights.bin does not exist", log, StringComparison.Ordinal);
        Assert.Contains("[pxl] hint: download them: tools/fetch-weights.sh", log, StringComparison.Ordinal);
        Assert.Contains("# status: prereq_failed", log, StringComparison.Ordinal);
    }

    // A Program check looks the program up on PATH and starts nothing: a cycle pays for a lookup, not a process.
    [Fact]
    public async Task Cycle_RequiredProgramMissing_EndsPrereqFailedNamingIt()
    {
        WriteChecks("""{ "Required": [ { "Name": "planner", "Program": "no-such-planner-xyz", "Hint": "install the planner" } ] }""");
        var script = _ws.WriteScript("cycle.sh", "touch ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.False(File.Exists(_ws.PathOf("ran.txt")), "the cycle command must not start");
        var line = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal("prereq_failed", line.Text("status"));
        var log = File.ReadAllText(_ws.PathOf(line.Text("log_path")));
        Assert.Contains("[pxl] prerequisite failed: planner: ", log, StringComparison.Ordinal);
        Assert.Contains("no-such-planner-xyz", log, StringComparison.Ordinal);
        Assert.Contains("[pxl] hint: install the planner", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cycle_RequiredProgramInstalled_RunsTheCycle()
    {
        WriteChecks("""{ "Required": [ { "Name": "bash", "Program": "bash" }, { "Program": "./cycle.sh" } ] }""");
        var script = _ws.WriteScript("cycle.sh", "touch ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(_ws.PathOf("ran.txt")));
        Assert.Equal("success", Assert.Single(LedgerFile.Read(_ws.Root)).Text("status"));
    }

    [Fact]
    public async Task Cycle_RequiredCheckKeepsFailing_CountsTowardsTheHalt()
    {
        WriteChecks("""{ "Required": [ { "Name": "never", "Command": "false" } ] }""");
        var script = _ws.WriteScript("cycle.sh", "touch ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--continuous", "--sleep", "0", "--max-failures", "2", "--backoff-base", "0.1", "--", script);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal([1, 2], LedgerFile.Read(_ws.Root).Select(l => l.GetProperty("consecutive_failures").GetInt32()));
        Assert.All(LedgerFile.Read(_ws.Root), l => Assert.Equal("prereq_failed", l.Text("status")));
        Assert.False(File.Exists(_ws.PathOf("ran.txt")));
    }

    [Fact]
    public async Task Cycle_OptionalCheckFails_CycleRunsAnyway()
    {
        WriteChecks("""{ "Optional": [ { "Name": "gpu", "Path": "/dev/no-such-gpu" } ] }""");
        var script = _ws.WriteScript("cycle.sh", "touch ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(_ws.PathOf("ran.txt")));
        Assert.Equal("success", Assert.Single(LedgerFile.Read(_ws.Root)).Text("status"));
    }

    [Fact]
    public async Task Cycle_RequiredChecksPass_CommandRunsAndTheLogSaysSo()
    {
        WriteChecks("""{ "Required": [ { "Name": "bash", "Command": "bash", "Arguments": ["--version"] }, { "Path": "cycle.sh", "Executable": true } ] }""");
        var script = _ws.WriteScript("cycle.sh", "touch ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(_ws.PathOf("ran.txt")));
        var line = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Contains("[pxl] prerequisites: 2 required check(s) passed", File.ReadAllText(_ws.PathOf(line.Text("log_path"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidChecksConfiguration_ExitsTwoNamingTheKeyAndRunsNothing()
    {
        WriteChecks("""{ "Required": [ { "Hint": "no command, no path" } ] }""");
        var script = _ws.WriteScript("cycle.sh", "touch ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Checks:Required:0 needs one of Program", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.PathOf("ran.txt")));
    }

    private void WriteChecks(string checks) =>
        File.WriteAllText(_ws.PathOf("appsettings.json"), $$"""{ "Checks": {{checks}} }""");
}
