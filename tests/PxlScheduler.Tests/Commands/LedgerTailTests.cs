using PxlScheduler.Tests.Ledger;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Commands;

/// <summary>`pxl ledger tail`: the last runs from the end of the JSONL, and `--follow` until cancelled.</summary>
public sealed class LedgerTailTests : IDisposable
{
    private readonly LedgerWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData(2, new[] { "r3", "r4" })]
    [InlineData(20, new[] { "r0", "r1", "r2", "r3", "r4" })]
    [InlineData(0, new string[0])]
    public async Task Tail_N_PrintsTheLastNRunsOldestFirst(int n, string[] expected)
    {
        _ws.Append(Enumerable.Range(0, 5).Select(i => LedgerWorkspace.Run($"r{i}", minute: i)).ToArray());

        var run = await _ws.PxlAsync("ledger", "tail", "-n", n.ToString());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, RunIds(run.Output));
    }

    [Fact]
    public async Task Tail_ManyBlocksBack_FindsExactlyTheLastLines()
    {
        // About 300 bytes a line: 600 lines span several 64 KiB blocks read from the end.
        _ws.Append(Enumerable.Range(0, 600).Select(i => LedgerWorkspace.Run($"r{i:000}", minute: i, goal: new string('g', 40))).ToArray());

        var run = await _ws.PxlAsync("ledger", "tail", "-n", "450");

        Assert.Equal(Enumerable.Range(150, 450).Select(i => $"r{i:000}"), RunIds(run.Output));
    }

    [Fact]
    public async Task Tail_Line_ShowsStartStatusDurationAndExit()
    {
        _ws.Append(LedgerWorkspace.Run("r0", "nightly", "failure", 1333));

        var run = await _ws.PxlAsync("ledger", "tail");

        Assert.Matches(@"^2026-11-24T08:00:00\.000Z\s+nightly\s+failure\s+1\.333 s\s+exit 1\s+r0$", run.Output.TrimEnd());
    }

    [Fact]
    public async Task Tail_TornLastLine_IsNotShownAsARun()
    {
        _ws.Append(LedgerWorkspace.Run("r0"));
        File.AppendAllText(_ws.LedgerPath, """{"run_id":"half""");

        var run = await _ws.PxlAsync("ledger", "tail");

        Assert.Equal(["r0"], RunIds(run.Output));
    }

    [Fact]
    public async Task Tail_N_CountsRunsNotTheLinesThatAreNone()
    {
        _ws.Append(LedgerWorkspace.Line(LedgerWorkspace.Run("r0")), LedgerWorkspace.Line(LedgerWorkspace.Run("r1", minute: 1)), "{\"run_id\":\"to", LedgerWorkspace.Line(LedgerWorkspace.Run("r2", minute: 2)), "not json");

        var run = await _ws.PxlAsync("ledger", "tail", "-n", "2");

        Assert.Equal(["r1", "r2"], RunIds(run.Output));
        Assert.Equal(2, run.Error.Split('\n').Count(l => l.Contains("is not a run", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Tail_Follow_LedgerReplacedByAShorterFile_PrintsTheNewFilesRuns()
    {
        _ws.Append(LedgerWorkspace.Run("r0"), LedgerWorkspace.Run("r1", minute: 1));
        using var cancel = new CancellationTokenSource();
        var (following, Printed) = Follow(cancel.Token);
        await Wait.UntilAsync(() => Printed().Contains("r1", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the existing runs");
        File.Move(_ws.LedgerPath, _ws.LedgerPath + ".old");
        _ws.Append(LedgerWorkspace.Run("r2", minute: 2));
        await Wait.UntilAsync(() => Printed().Contains("r2", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the new file's run");
        cancel.Cancel();

        var run = await following.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["r0", "r1", "r2"], RunIds(Printed()));
    }

    [Fact]
    public async Task Tail_Follow_PrintsAppendedRunsUntilCancelled()
    {
        _ws.Append(LedgerWorkspace.Run("r0"));
        using var cancel = new CancellationTokenSource();
        var (following, Printed) = Follow(cancel.Token);
        await Wait.UntilAsync(() => Printed().Contains("r0", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the existing run");
        _ws.Append(LedgerWorkspace.Run("r1", minute: 1));
        await Wait.UntilAsync(() => Printed().Contains("r1", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the appended run");
        cancel.Cancel();

        var run = await following.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["r0", "r1"], RunIds(Printed()));
    }

    /// <summary>Starts `ledger tail --follow`; returns its run and what it has printed so far.</summary>
    private (Task<CliRun> Run, Func<string> Printed) Follow(CancellationToken cancellationToken)
    {
        var text = new StringWriter();
        var output = TextWriter.Synchronized(text);
        return (PxlCli.RunAsync(_ws.Root, output, cancellationToken, "ledger", "tail", "--follow"), () =>
        {
            lock (output)
            {
                return text.ToString();
            }
        });
    }

    private static string[] RunIds(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd().Split(' ')[^1]).ToArray();
}
