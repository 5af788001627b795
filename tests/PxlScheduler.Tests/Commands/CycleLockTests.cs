using System.Diagnostics;
using System.Globalization;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Commands;

/// <summary>
/// Issue 19, defect 6: one cycle at a time in a workspace. `pxl run` takes the cycle lock `serve` holds; a second
/// `pxl run`, or one beside `serve`, exits 2 naming the holder, or waits with --wait. Real `pxl` processes.
/// </summary>
public sealed class CycleLockTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Run_WhileAnotherRunRunsHere_ExitsTwoNamingItsPidAndRunsNothing()
    {
        var slow = _ws.WriteScript("slow.sh", "touch first.started; sleep 3");
        using var first = PxlProcess.Start(_ws.Root, "run", "--iterations", "1", "--", slow);
        var firstOutput = Drain(first);
        await Wait.UntilAsync(() => File.Exists(_ws.PathOf("first.started")), TimeSpan.FromSeconds(60), "the first run's cycle to start");

        var second = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", _ws.WriteScript("second.sh", "touch second.ran"));

        Assert.True(second.ExitCode == 2, second.ToString());
        Assert.Contains($"`pxl run` (pid {first.Id.ToString(CultureInfo.InvariantCulture)}) is running cycles in this workspace (lock state/pxl.db.serve.lock)", second.Error, StringComparison.Ordinal);
        Assert.Contains("--wait", second.Error, StringComparison.Ordinal);
        await first.WaitForExitAsync();
        Assert.True(first.ExitCode == 0, await firstOutput);
        Assert.False(File.Exists(_ws.PathOf("second.ran")));
        Assert.Single(LedgerFile.Read(_ws.Root));
    }

    [Fact]
    public async Task Run_WhileServeRunsHere_ExitsTwoPointingToTrigger()
    {
        _ws.WriteFile("schedules/yearly.json", """{ "cron": "0 0 1 1 *", "command": "/bin/true" }""");
        await using var serve = await ServeProcess.StartAsync(_ws.Root);

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", _ws.WriteScript("adhoc.sh", "touch adhoc.ran"));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("`pxl serve` (pid ", run.Error, StringComparison.Ordinal);
        Assert.Contains("pxl trigger NAME", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.PathOf("adhoc.ran")));
        Assert.Equal(0, await serve.StopAsync());
        Assert.Empty(LedgerFile.Read(_ws.Root));
    }

    [Fact]
    public async Task Run_TwoWithWait_RunOneAfterTheOtherNeverOverlapping()
    {
        var script = _ws.WriteScript("cycle.sh", "sleep 0.5");
        using var a = PxlProcess.Start(_ws.Root, "run", "--wait", "--iterations", "2", "--sleep", "0", "--", script);
        using var b = PxlProcess.Start(_ws.Root, "run", "--wait", "--iterations", "2", "--sleep", "0", "--", script);
        var (outputA, outputB) = (Drain(a), Drain(b));
        await Task.WhenAll(a.WaitForExitAsync(), b.WaitForExitAsync());

        Assert.True(a.ExitCode == 0, await outputA);
        Assert.True(b.ExitCode == 0, await outputB);
        Assert.Contains("pxl run: waiting for `pxl run` (pid ", await outputA + await outputB, StringComparison.Ordinal);
        var runs = LedgerFile.Read(_ws.Root).OrderBy(r => r.Instant("started_at")).ToList();
        Assert.Equal(4, runs.Count);
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].Instant("started_at") >= runs[i - 1].Instant("finished_at"), $"run {i} overlapped run {i - 1}");
        }
    }

    /// <summary>Reads both streams to the end (so the child never blocks on a full pipe); their text once it exits.</summary>
    private static async Task<string> Drain(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        return $"exit ?\n--- stdout\n{await stdout}\n--- stderr\n{await stderr}";
    }
}
