using PxlScheduler.Core.Runs;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Runs;

/// <summary>
/// The per-run log's file name (the UTC start, and a suffix for each further run in the same second), and its footer as
/// read back at the next start for a run that ended but could not be recorded.
/// </summary>
public sealed class RunLogTests : IDisposable
{
    private static readonly DateTimeOffset Second = new(2026, 11, 27, 16, 0, 5, TimeSpan.Zero);

    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    // Written by pxl after its own notes: the end of the run.
    [InlineData("# run_id: r\nout\n[pxl] sandbox writes: 0 (cap 3)\n# status: failure\n# exit_code: 3\n# duration_ms: 1500\n# error: exit code 3\n", "failure 3 1500 exit code 3")]
    [InlineData("# run_id: r\n[pxl] command x could not be started\n# status: start_failed\n# exit_code: none\n# duration_ms: 2\n", "start_failed - 2 -")]
    // Cut off mid-output, or output that imitates a footer: no end is known.
    [InlineData("# run_id: r\nsome output\n", null)]
    [InlineData("# run_id: r\nout\n# status: success\n# exit_code: 0\n# duration_ms: 5\n", null)]
    [InlineData("# run_id: r\n[pxl] sandbox writes: 0 (cap 3)\n# status: success\n", null)]
    public void ReadFooter_OnlyTheFooterPxlWrote_GivesTheEnd(string log, string? expected)
    {
        var path = _ws.WriteFile("logs/run.log", log);

        var footer = RunLog.ReadFooter(path);

        Assert.Equal(expected, footer is null ? null : $"{footer.Status.ToWire()} {footer.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {footer.Duration.TotalMilliseconds} {footer.Error ?? "-"}");
    }

    [Fact]
    public async Task Create_RunsInTheSameSecond_TakeSuffixesInOrder()
    {
        Assert.Equal(["20261127T160005.log", "20261127T160005-2.log", "20261127T160005-3.log"], await CreateAsync(3));
    }

    [Fact]
    public async Task Create_NameTakenByAnotherProcess_IsSkippedNeverOverwritten()
    {
        Assert.Equal(["20261127T160005.log"], await CreateAsync(1));
        await File.WriteAllTextAsync(Path.Combine(_ws.PathOf("logs"), "20261127T160005-2.log"), "someone else's");
        await File.WriteAllTextAsync(Path.Combine(_ws.PathOf("logs"), "20261127T160005-3.log"), "someone else's");

        Assert.Equal(["20261127T160005-4.log"], await CreateAsync(1));
        Assert.Equal("someone else's", await File.ReadAllTextAsync(Path.Combine(_ws.PathOf("logs"), "20261127T160005-2.log")));
    }

    private async Task<List<string>> CreateAsync(int count)
    {
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            await using var log = RunLog.Create(_ws.PathOf("logs"), Second);
            names.Add(Path.GetFileName(log.FullPath));
        }

        return names;
    }
}
