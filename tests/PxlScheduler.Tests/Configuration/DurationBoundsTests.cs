using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Configuration;

/// <summary>
/// Issue 19, defect 7: a duration past what a timer takes (24.8 days) is refused at start, naming the flag or key
/// and the bound, wherever it comes from; it used to reach a timer and throw (ArgumentOutOfRange 'delay') with the
/// run unrecorded. The schedule files' fields are covered in ScheduleFileTests.
/// </summary>
public sealed class DurationBoundsTests : IDisposable
{
    private const string Bound = "at most 2147483 s (24.8 days)";

    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("--timeout", "99999999999")]
    [InlineData("--timeout", "1e308")]
    [InlineData("--sleep", "2147484")]
    [InlineData("--max-backoff", "99999999999")]
    [InlineData("--backoff-base", "1e308")]
    public async Task Run_DurationFlagPastTheBound_ExitsTwoNamingFlagAndBound(string flag, string value)
    {
        var script = _ws.WriteScript("ok.sh", "touch ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", flag, value, "--", script);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"{flag} must be {Bound}, in seconds (got {value.Replace("1e308", "1E+308", StringComparison.Ordinal)})", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.PathOf("ran.txt")));
        Assert.Empty(LedgerFile.Read(_ws.Root));
    }

    [Theory]
    [InlineData("CapWrites", "1e308", "1e308")]
    [InlineData("CapWrites", "99999999999", "99999999999")]
    [InlineData("TimeoutSeconds", "\"ten\"", "ten")]
    public async Task Run_ModeOverrideThatIsNotAWholeNumber_ExitsTwoNamingTheKey(string field, string json, string value)
    {
        _ws.WriteFile("appsettings.json", $$"""{ "Modes": { "experimental": { "Goal": "g", "{{field}}": {{json}} } } }""");
        var script = _ws.WriteScript("ok.sh", "touch ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--mode", "experimental", "--", script);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"Modes:experimental:{field} must be a whole number, 0 or more (got '{value}').", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.PathOf("ran.txt")));
        Assert.Empty(LedgerFile.Read(_ws.Root));
    }

    [Theory]
    [InlineData("""{ "Cycle": { "TimeoutSeconds": 2147483647 } }""", "Cycle:TimeoutSeconds")]
    [InlineData("""{ "Cycle": { "KillGraceSeconds": 2147483647 } }""", "Cycle:KillGraceSeconds")]
    [InlineData("""{ "Cycle": { "BackoffBaseSeconds": 2147484 } }""", "Cycle:BackoffBaseSeconds")]
    [InlineData("""{ "Cycle": { "BackoffMaxSeconds": 2147484 } }""", "Cycle:BackoffMaxSeconds")]
    [InlineData("""{ "Modes": { "experimental": { "Goal": "g", "TimeoutSeconds": 2147484 } } }""", "Modes:experimental:TimeoutSeconds")]
    [InlineData("""{ "Checks": { "Required": [ { "Command": "true", "TimeoutSeconds": 2147484 } ] } }""", "Checks:Required:0:TimeoutSeconds")]
    public async Task Run_DurationKeyPastTheBound_ExitsTwoNamingKeyAndBound(string appsettings, string key)
    {
        _ws.WriteFile("appsettings.json", appsettings);
        var script = _ws.WriteScript("ok.sh", "touch ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"{key} must be {Bound}, in seconds", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.PathOf("ran.txt")));
        Assert.Empty(LedgerFile.Read(_ws.Root));
    }

    [Fact]
    public async Task Run_TimeoutFromTheEnvironmentPastTheBound_ExitsTwoWithoutAStackTrace()
    {
        var script = _ws.WriteScript("ok.sh", "touch ran.txt");

        using var pxl = PxlProcess.Start(
            _ws.Root,
            new Dictionary<string, string> { ["PXL_Cycle__TimeoutSeconds"] = "2147483647" },
            "run", "--iterations", "1", "--", script);
        var stderr = pxl.StandardError.ReadToEndAsync();
        _ = await pxl.StandardOutput.ReadToEndAsync();
        await pxl.WaitForExitAsync();

        Assert.True(pxl.ExitCode == 2, $"exit {pxl.ExitCode}\n{await stderr}");
        Assert.Contains($"Cycle:TimeoutSeconds must be {Bound}, in seconds (got 2147483647)", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await stderr, StringComparison.Ordinal);
        Assert.Empty(LedgerFile.Read(_ws.Root));
    }

    [Fact]
    public async Task Run_LongestKillGrace_RunsAndShutsDownCleanly()
    {
        _ws.WriteFile("appsettings.json", """{ "Cycle": { "KillGraceSeconds": 2147483, "TimeoutSeconds": 2147483 } }""");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", "/bin/true");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("success", Assert.Single(LedgerFile.Read(_ws.Root)).Text("status"));
    }

    [Theory]
    // Issue 19, defect 12: the binder's own message named a .NET type (System.Nullable`1[System.Int32]).
    [InlineData("""{ "Cycle": { "TimeoutSeconds": 99999999999 } }""", $"Cycle:TimeoutSeconds must be a whole number of seconds, {Bound} (got '99999999999').")]
    [InlineData("""{ "Cycle": { "BackoffBaseSeconds": 99999999999 } }""", $"Cycle:BackoffBaseSeconds must be a whole number of seconds, {Bound} (got '99999999999').")]
    [InlineData("""{ "Cycle": { "MaxFailures": 99999999999 } }""", "Cycle:MaxFailures must be a whole number from -2147483648 to 2147483647 (got '99999999999').")]
    [InlineData("""{ "Cycle": { "CapWrites": 1e308 } }""", "Cycle:CapWrites must be a whole number from -2147483648 to 2147483647 (got '1e308').")]
    public async Task Run_IntegerKeyOverflowing_ExitsTwoNamingKeyAndRangeNotAType(string appsettings, string expected)
    {
        _ws.WriteFile("appsettings.json", appsettings);

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", "/bin/true");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", run.Error, StringComparison.Ordinal);
        Assert.Empty(LedgerFile.Read(_ws.Root));
    }
}
