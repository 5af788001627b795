using System.Text;
using PxlScheduler.Tests.Ledger;

namespace PxlScheduler.Tests.Commands;

/// <summary>
/// What a hostile or damaged ledger does to the `pxl ledger` commands and to a start (issue 19): a line that is not
/// valid UTF-8, a key given twice, a run id recorded twice, a ledger path that is a directory.
/// </summary>
public sealed class LedgerBadInputTests : IDisposable
{
    private readonly LedgerWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task RebuildAndVerify_LineWithInvalidUtf8_ImportTheRunWarningWithItsLineNumber()
    {
        _ws.Append(LedgerWorkspace.Run("r1"));
        AppendBytes(Latin1Line("r2", minute: 1));
        _ws.Append(LedgerWorkspace.Run("r3", minute: 2));
        var before = File.ReadAllBytes(_ws.LedgerPath);

        var rebuild = await _ws.PxlAsync("ledger", "rebuild");
        var verify = await _ws.PxlAsync("ledger", "verify");

        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.Contains("history.jsonl:2: not valid UTF-8 (byte 0xE9 at column ", rebuild.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", rebuild.Error, StringComparison.Ordinal);
        Assert.Equal(["r1", "r2", "r3"], await _ws.RunIdsAsync());
        Assert.Equal("caf\uFFFD", await _ws.ScalarAsync<string>("SELECT goal FROM runs WHERE run_id = 'r2'"));
        Assert.Equal("success", await _ws.ScalarAsync<string>("SELECT status FROM runs WHERE run_id = 'r2'"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("history.jsonl:2: not valid UTF-8", verify.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_ws.LedgerPath));
    }

    [Fact]
    public async Task Run_LedgerWithInvalidUtf8AndLoneSurrogate_StartsRecordsAndFillsTheMirror()
    {
        _ws.Append(LedgerWorkspace.Run("r1"));
        AppendBytes(Latin1Line("r2", minute: 1));
        _ws.Append(LedgerWorkspace.Line(LedgerWorkspace.Run("r3", minute: 2)).Replace("\"goal\"", "\"goal\\ud800\"", StringComparison.Ordinal));
        _ws.Append(LedgerWorkspace.Line(LedgerWorkspace.Run("r4", minute: 3, goal: "x")).Replace("\"goal\":\"x\"", "\"goal\":\"\\ud800\"", StringComparison.Ordinal));
        var script = Script("exit 0");

        var run = await _ws.PxlAsync("run", "--iterations", "1", "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        var ids = await _ws.RunIdsAsync();
        Assert.Equal(5, ids.Count);
        Assert.Equal(["r1", "r2", "r3", "r4"], ids.Take(4));
        Assert.Null(await _ws.ScalarAsync<string>("SELECT goal FROM runs WHERE run_id = 'r4'"));
    }

    [Fact]
    public async Task Rebuild_KeyGivenTwice_WarnsNamingTheLineAndTheKey()
    {
        _ws.Append(LedgerWorkspace.Run("r1"));
        _ws.Append(LedgerWorkspace.Line(LedgerWorkspace.Run("r2", minute: 1, goal: "first")).Replace("\"host\":", "\"goal\":\"second\",\"host\":", StringComparison.Ordinal));

        var rebuild = await _ws.PxlAsync("ledger", "rebuild");

        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.Contains("history.jsonl:2: key goal given twice; the last one is taken", rebuild.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("history.jsonl:1:", rebuild.Error, StringComparison.Ordinal);
        Assert.Equal("second", await _ws.ScalarAsync<string>("SELECT goal FROM runs WHERE run_id = 'r2'"));
    }

    [Fact]
    public async Task Verify_RunIdTwiceInTheLedger_Exits1NamingIt()
    {
        _ws.Append(LedgerWorkspace.Run("r1"), LedgerWorkspace.Run("r2", minute: 1), LedgerWorkspace.Run("r1", minute: 2));
        Assert.Equal(0, (await _ws.PxlAsync("ledger", "rebuild")).ExitCode);

        var verify = await _ws.PxlAsync("ledger", "verify");

        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("history.jsonl:3: duplicate run_id r1", verify.Error, StringComparison.Ordinal);
        Assert.Contains("recorded more than once in the ledger: 1", verify.Output, StringComparison.Ordinal);
        Assert.Contains("  r1 (lines 1, 3)", verify.Output, StringComparison.Ordinal);
        Assert.Contains("verify: DUPLICATED", verify.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tail")]
    [InlineData("rebuild")]
    [InlineData("verify")]
    [InlineData("stats")]
    [InlineData("query", "SELECT 1")]
    public async Task LedgerCommand_LedgerPathIsADirectory_Exits1NamingThePath(params string[] command)
    {
        Directory.CreateDirectory(_ws.LedgerPath);

        var run = await _ws.PxlAsync(["ledger", .. command]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(
            "pxl: error: the ledger state/run_cycle_history.jsonl (Paths:Ledger) is a directory, not a file; move it aside or correct Paths:Ledger",
            run.Error.Split('\n')[0]);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Run_LedgerPathIsADirectory_SaysSoNotAccessDenied()
    {
        Directory.CreateDirectory(_ws.LedgerPath);

        var run = await _ws.PxlAsync("run", "--iterations", "1", "--", Script("exit 0"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("state/run_cycle_history.jsonl (Paths:Ledger) is a directory, not a file", run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("denied", run.Output + run.Error, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A run's line as pxl writes it, but with its goal in Latin-1 (<c>caf\xe9</c>), as a foreign tool would.</summary>
    private static byte[] Latin1Line(string runId, int minute) =>
        Encoding.Latin1.GetBytes(LedgerWorkspace.Line(LedgerWorkspace.Run(runId, minute: minute, goal: "café")) + "\n");

    private void AppendBytes(byte[] bytes)
    {
        using var file = new FileStream(_ws.LedgerPath, FileMode.Append);
        file.Write(bytes);
    }

    private string Script(string body)
    {
        var path = Path.Combine(_ws.Root, "cycle.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
