using PxlScheduler.Core.Processes;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Commands;

/// <summary>
/// SIGTERM to a real `pxl run` process, or Ctrl+C or a hangup to its process group: the cycle's tree is stopped, the
/// run recorded as cancelled, the process exits promptly.
/// </summary>
public sealed class RunSignalTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Run_SigtermDuringACycle_RecordsCancelledAndExitsWithinGrace()
    {
        File.WriteAllText(Path.Combine(_ws.Root, "appsettings.json"), "{\"Cycle\": {\"KillGraceSeconds\": 2}}");
        var script = _ws.WriteScript("long.sh", "echo $$ > child.pid; sleep 300");
        using var pxl = PxlProcess.Start(_ws.Root, "run", "--iterations", "3", "--sleep", "0", "--", script);
        var childPidFile = Path.Combine(_ws.Root, "child.pid");
        await Wait.UntilAsync(() => File.Exists(childPidFile) && File.ReadAllText(childPidFile).EndsWith('\n'), TimeSpan.FromSeconds(60), "the cycle to start");

        Assert.Equal(1, ProcessTree.Signal([pxl.Id], 15));
        var stdout = pxl.StandardOutput.ReadToEndAsync();
        var stderr = pxl.StandardError.ReadToEndAsync();
        await ExitsAsync(pxl, 15, stdout, stderr);

        Assert.True(pxl.ExitCode == 130, $"exit {pxl.ExitCode}\n{await stdout}\n{await stderr}");
        var line = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal("cancelled", line.Text("status"));
        Assert.Equal(0, line.GetProperty("consecutive_failures").GetInt32());
        var child = int.Parse(File.ReadAllText(childPidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(ProcessTree.IsAlive(child), "the cycle's process survived shutdown");
    }

    [Theory]
    [InlineData(2)] // Ctrl+C: a terminal sends SIGINT to its whole foreground group
    [InlineData(1)] // the terminal or SSH session closes: SIGHUP to the whole session
    public async Task Run_SignalToItsProcessGroup_RecordsCancelledNotAFailure(int signal)
    {
        // The command (bash, then sleep) gets the signal at the same moment as pxl, and often dies of it first.
        var script = _ws.WriteScript("long.sh", "echo $$ > child.pid; sleep 300");
        using var pxl = PxlProcess.StartInOwnSession(_ws.Root, "run", "--iterations", "3", "--sleep", "0", "--", script);
        var stdout = pxl.StandardOutput.ReadToEndAsync();
        var stderr = pxl.StandardError.ReadToEndAsync();
        var childPidFile = Path.Combine(_ws.Root, "child.pid");
        await Wait.UntilAsync(() => File.Exists(childPidFile) && File.ReadAllText(childPidFile).EndsWith('\n'), TimeSpan.FromSeconds(60), "the cycle to start");

        Assert.Equal(1, ProcessTree.Signal([-pxl.Id], signal));
        await ExitsAsync(pxl, signal, stdout, stderr);

        Assert.True(pxl.ExitCode == 130, $"exit {pxl.ExitCode}\n{await stdout}\n{await stderr}");
        var line = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal("cancelled", line.Text("status"));
        Assert.Equal(0, line.GetProperty("consecutive_failures").GetInt32());
        // Usually the command's death is seen first and explained; if pxl's stop won the race, it stopped the tree itself.
        var log = File.ReadAllText(Path.Combine(_ws.Root, line.Text("log_path")));
        Assert.True(
            log.Contains($"died of signal {signal} while pxl was being stopped: cancelled", StringComparison.Ordinal)
                || log.Contains("[pxl] cancelled: SIGTERM sent to", StringComparison.Ordinal),
            log);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_ws.Root, "state", "in_flight")));
    }

    /// <summary>Waits for pxl to exit after the signal; a hang (not a slow machine: stopping includes the kill grace) fails with what pxl said.</summary>
    private async Task ExitsAsync(System.Diagnostics.Process pxl, int signal, Task<string> stdout, Task<string> stderr)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await pxl.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            pxl.Kill(entireProcessTree: true);
            Assert.Fail($"pxl run did not exit within 120 s of signal {signal}\n--- stdout\n{await stdout}\n--- stderr\n{await stderr}\n--- ledger\n{string.Join('\n', LedgerFile.Read(_ws.Root))}");
        }
    }
}
