using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Reliability;

/// <summary>Odd stop files: whatever is at the path stops the next cycle, and nothing runs or is recorded.</summary>
public sealed class StopFileTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("file", "state/run_cycle.stop")]
    [InlineData("file", "state/stop here ünïcode ✋.flag")]
    [InlineData("directory", "state/run_cycle.stop")]
    [InlineData("dangling symlink", "state/run_cycle.stop")]
    [InlineData("symlink to a file", "state/run_cycle.stop")]
    public async Task Run_StopFileOfAnyKindPresentAtStart_RunsNothingAndExitsZero(string kind, string stopFile)
    {
        var path = _ws.PathOf(stopFile);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        switch (kind)
        {
            case "file":
                File.WriteAllText(path, "");
                break;
            case "directory":
                Directory.CreateDirectory(path);
                break;
            case "dangling symlink":
                File.CreateSymbolicLink(path, _ws.PathOf("nowhere"));
                break;
            default:
                File.CreateSymbolicLink(path, _ws.WriteFile("target", ""));
                break;
        }

        var script = _ws.WriteScript("ok.sh", "touch ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "3", "--sleep", "0", "--stop-file", stopFile, "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("stopped by the stop file after 0 cycle(s)", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.PathOf("ran.txt")));
        Assert.Empty(LedgerFile.Read(_ws.Root));
    }
}
