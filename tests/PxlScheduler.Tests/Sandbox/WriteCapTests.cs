using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Sandbox;

/// <summary>The write cap (SPEC 6 step 6) through real `pxl run` cycles writing real files under sandbox/.</summary>
public sealed class WriteCapTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public WriteCapTests()
    {
        Directory.CreateDirectory(_ws.PathOf("sandbox/notes"));
        File.WriteAllText(_ws.PathOf("sandbox/keep.txt"), "untouched");
        File.WriteAllText(_ws.PathOf("sandbox/edit.txt"), "version 1");
        File.WriteAllText(_ws.PathOf("sandbox/notes/old.txt"), "to be deleted");
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Cycle_CreatesModifiesAndDeletesExactlyTheCap_PassesCountingAllThree()
    {
        var script = _ws.WriteScript("cycle.sh", """
            echo new > sandbox/notes/new.txt
            echo "version 2, longer" > sandbox/edit.txt
            rm sandbox/notes/old.txt
            """);

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--cap-writes", "3", "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        var line = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal("success", line.Text("status"));
        Assert.Equal(3, line.GetProperty("writes").GetInt32());
        var log = File.ReadAllText(_ws.PathOf(line.Text("log_path")));
        Assert.Contains("[pxl] sandbox writes: 3 (cap 3)\n", log, StringComparison.Ordinal);
        Assert.Contains("[pxl]   modified sandbox/edit.txt", log, StringComparison.Ordinal);
        Assert.Contains("[pxl]   created sandbox/notes/new.txt", log, StringComparison.Ordinal);
        Assert.Contains("[pxl]   deleted sandbox/notes/old.txt", log, StringComparison.Ordinal);
        Assert.DoesNotContain("keep.txt", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cycle_OneWriteOverTheCap_EndsWriteCapExceededNamingTheFilesEvenAfterExitZero()
    {
        var script = _ws.WriteScript("cycle.sh", """
            echo a > sandbox/a.txt
            echo b > sandbox/.hidden
            printf 'version 2' > sandbox/edit.txt   # same size: caught by its new last-write time
            exit 0
            """);

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--cap-writes", "2", "--max-failures", "0", "--", script);

        Assert.True(run.ExitCode == 1, run.ToString());
        var line = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal("write_cap_exceeded", line.Text("status"));
        Assert.Equal(0, line.GetProperty("exit_code").GetInt32());
        Assert.Equal(3, line.GetProperty("writes").GetInt32());
        Assert.Equal("3 files written under sandbox/, over the cap of 2", line.Text("error"));
        var log = File.ReadAllText(_ws.PathOf(line.Text("log_path")));
        Assert.Contains("[pxl] sandbox writes: 3 (cap 2), over the cap", log, StringComparison.Ordinal);
        Assert.Contains("[pxl]   created sandbox/.hidden", log, StringComparison.Ordinal);
        Assert.Contains("[pxl]   created sandbox/a.txt", log, StringComparison.Ordinal);
        Assert.Contains("[pxl]   modified sandbox/edit.txt", log, StringComparison.Ordinal);
        Assert.Contains("# status: write_cap_exceeded", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cycle_OverTheCapAndFailed_IsWriteCapExceededKeepingTheExitCode()
    {
        var script = _ws.WriteScript("cycle.sh", "echo a > sandbox/a.txt; exit 4");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--cap-writes", "0", "--max-failures", "0", "--", script);

        Assert.True(run.ExitCode == 1, run.ToString());
        var line = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal("write_cap_exceeded", line.Text("status"));
        Assert.Equal(4, line.GetProperty("exit_code").GetInt32());
        Assert.Contains("(exit code 4)", line.Text("error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cycle_NoSandboxFolderAtAll_CountsWhatTheCommandCreates()
    {
        Directory.Delete(_ws.PathOf("sandbox"), recursive: true);
        var script = _ws.WriteScript("cycle.sh", "mkdir -p sandbox/deep/er; echo x > sandbox/deep/er/x.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1, Assert.Single(LedgerFile.Read(_ws.Root)).GetProperty("writes").GetInt32());
    }

    [Fact]
    public async Task Cycle_LeavingASymlinkLoopAndALinkToABigTree_EndsCountingThreeLinks()
    {
        // Issue 19, defect 2: the walk followed a -> . and b -> . for ever, and counted a link to a tree as its files.
        Directory.CreateDirectory(_ws.PathOf("big"));
        for (var i = 0; i < 100; i++)
        {
            File.WriteAllText(_ws.PathOf($"big/{i}.txt"), "x");
        }

        var script = _ws.WriteScript("cycle.sh", $"""
            ln -s . sandbox/a
            ln -s . sandbox/b
            ln -s {_ws.PathOf("big")} sandbox/z
            """);

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--cap-writes", "3", "--", script).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(run.ExitCode == 0, run.ToString());
        var line = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal("success", line.Text("status"));
        Assert.Equal(3, line.GetProperty("writes").GetInt32());
        var log = File.ReadAllText(_ws.PathOf(line.Text("log_path")));
        Assert.Contains("[pxl]   created sandbox/a\n", log, StringComparison.Ordinal);
        Assert.Contains("[pxl]   created sandbox/z\n", log, StringComparison.Ordinal);
    }
}
