using System.Text.Json;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Commands;

/// <summary>`pxl check` as an operator runs it: real folders, a real SQLite store, real check commands.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public CheckCommandTests()
    {
        _ws.WriteScript("tools/run_cycle.sh", "exit 0");
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Check_EverythingInPlace_ExitsZeroCreatesTheFoldersAndPrintsATable()
    {
        WriteChecks("""{ "Required": [ { "Name": "bash", "Command": "bash", "Arguments": ["--version"] } ] }""");

        var run = await PxlCli.RunAsync(_ws.Root, "check");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var folder in new[] { "sandbox", "state", "logs/run_cycle" })
        {
            Assert.True(Directory.Exists(_ws.PathOf(folder)), folder);
            Assert.Contains($"{folder}/ writable", run.Output, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(_ws.PathOf(folder), ".pxl-check-*"));
        }

        Assert.Contains("PASS    bash", run.Output, StringComparison.Ordinal);
        Assert.Contains("GNU bash", run.Output, StringComparison.Ordinal);
        Assert.Contains("store reachable", run.Output, StringComparison.Ordinal);
        Assert.Contains("all required checks passed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Json_ParsesWithEveryCheckInOrder()
    {
        WriteChecks("""
            {
              "Required": [ { "Name": "bash", "Command": "bash", "Arguments": ["--version"] } ],
              "Optional": [ { "Name": "numpy", "Command": "tools/no-python.sh", "Hint": "install numpy: pip install numpy" } ]
            }
            """);

        var run = await PxlCli.RunAsync(_ws.Root, "check", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Output);
        Assert.True(json.RootElement.GetProperty("ok").GetBoolean());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(
            ["sandbox/ writable", "state/ writable", "logs/run_cycle/ writable", "cycle command", "store reachable", "schedules valid", "bash", "numpy"],
            checks.Select(c => c.GetProperty("name").GetString()));
        Assert.All(checks.Take(7), c => Assert.Equal("pass", c.GetProperty("status").GetString()));
        var numpy = checks[7];
        Assert.Equal("warn", numpy.GetProperty("status").GetString());
        Assert.False(numpy.GetProperty("required").GetBoolean());
        Assert.Equal("install numpy: pip install numpy", numpy.GetProperty("hint").GetString());
    }

    [Fact]
    public async Task Check_RequiredCommandFails_ExitsOneNamingItWithItsHintAndReason()
    {
        _ws.WriteScript("tools/needs-numpy.sh", "echo \"ModuleNotFoundError: No module named 'numpy'\" >&2; exit 1");
        WriteChecks("""{ "Required": [ { "Name": "numpy", "Command": "tools/needs-numpy.sh", "Hint": "install numpy: pip install numpy" } ] }""");

        var run = await PxlCli.RunAsync(_ws.Root, "check");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("FAIL    numpy", run.Output, StringComparison.Ordinal);
        Assert.Contains("exited with 1: ModuleNotFoundError: No module named 'numpy'", run.Output, StringComparison.Ordinal);
        Assert.Contains("hint: install numpy: pip install numpy", run.Output, StringComparison.Ordinal);
        Assert.Contains("1 required check(s) failed: numpy", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OptionalCheckFails_WarnsAndExitsZero()
    {
        WriteChecks("""{ "Optional": [ { "Name": "gpu", "Path": "/dev/no-such-gpu", "Hint": "only needed for the fast mode" } ] }""");

        var run = await PxlCli.RunAsync(_ws.Root, "check");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("WARN    gpu (optional)", run.Output, StringComparison.Ordinal);
        Assert.Contains("hint: only needed for the fast mode", run.Output, StringComparison.Ordinal);
        Assert.Contains("(1 optional warning(s))", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    // A path that must exist
    [InlineData("""{ "Path": "models/weights.bin" }""", "models/weights.bin does not exist")]
    // A path that must be an executable file
    [InlineData("""{ "Path": "data.txt", "Executable": true }""", "data.txt is not an executable file")]
    // A command that is not installed
    [InlineData("""{ "Command": "no-such-tool-pxl" }""", "no-such-tool-pxl not found on PATH")]
    // A command that hangs past its timeout
    [InlineData("""{ "Name": "slow", "Command": "sleep", "Arguments": ["30"], "TimeoutSeconds": 1 }""", "did not finish within 1 s")]
    public async Task Check_RequiredCheckOfEachKindFails_ExitsOneWithTheReason(string check, string reason)
    {
        File.WriteAllText(_ws.PathOf("data.txt"), "not a program");
        WriteChecks($$"""{ "Required": [ {{check}} ] }""");

        var started = DateTime.UtcNow;
        var run = await PxlCli.RunAsync(_ws.Root, "check", "--json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "a hung check must be stopped at its timeout");
        using var json = JsonDocument.Parse(run.Output);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        var last = json.RootElement.GetProperty("checks").EnumerateArray().Last();
        Assert.Equal("fail", last.GetProperty("status").GetString());
        Assert.Contains(reason, last.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CycleCommandMissing_ExitsOneNamingIt()
    {
        File.Delete(_ws.PathOf("tools/run_cycle.sh"));

        var run = await PxlCli.RunAsync(_ws.Root, "check");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("FAIL    cycle command", run.Output, StringComparison.Ordinal);
        Assert.Contains("tools/run_cycle.sh does not exist", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SandboxIsAFile_ExitsOne()
    {
        File.WriteAllText(_ws.PathOf("sandbox"), "in the way");

        var run = await PxlCli.RunAsync(_ws.Root, "check");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("FAIL    sandbox/ writable", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Required": [ { "Name": "nothing" } ] }""", "Checks:Required:0 needs one of Program (a program that must be installed), Command")]
    [InlineData("""{ "Optional": [ { "Path": "a" }, { "Command": "bash", "Path": "b" } ] }""", "Checks:Optional:1 sets Command ('bash') and Path ('b'); a check is exactly one of Program, Command and Path")]
    [InlineData("""{ "Required": [ { "Program": "bash", "Command": "bash" } ] }""", "Checks:Required:0 sets Program ('bash') and Command ('bash')")]
    [InlineData("""{ "Required": [ { "Program": "bash", "Arguments": ["--version"] } ] }""", "Checks:Required:0:Arguments apply to a Command check only")]
    [InlineData("""{ "Required": [ { "Command": "bash", "TimeoutSeconds": 0 } ] }""", "Checks:Required:0:TimeoutSeconds must be greater than 0")]
    [InlineData("""{ "Required": [ { "Command": "bash", "Executable": true } ] }""", "Checks:Required:0:Executable applies to a Path check only")]
    [InlineData("""{ "Required": [ { "Path": "x", "Arguments": ["-v"] } ] }""", "Checks:Required:0:Arguments apply to a Command check only")]
    public async Task Check_InvalidChecksConfiguration_ExitsTwoNamingTheKey(string checks, string message)
    {
        WriteChecks(checks);

        var run = await PxlCli.RunAsync(_ws.Root, "check");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    private void WriteChecks(string checks) =>
        File.WriteAllText(_ws.PathOf("appsettings.json"), $$"""{ "Checks": {{checks}} }""");
}
