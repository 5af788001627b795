using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PxlScheduler.Core.Processes;
using PxlScheduler.Core.Runs;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Processes;

/// <summary>The process runner on real child processes: what reaches the log, and that nothing of a run outlives it.</summary>
public sealed class CycleProcessRunnerTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Run_BackgroundProcessLeftBehind_IsStoppedWhenTheCommandExits()
    {
        var script = _ws.WriteScript("daemon.sh", """
            setsid bash -c 'echo $$ > daemon.pid; exec sleep 300' > /dev/null 2>&1 < /dev/null &
            while [ ! -s daemon.pid ]; do sleep 0.01; done
            exit 0
            """);

        var (outcome, log) = await RunAsync(script, TimeSpan.FromSeconds(30));

        Assert.Equal(ProcessExit.Exited, outcome.Exit);
        Assert.Equal(0, outcome.ExitCode);
        var pid = int.Parse(File.ReadAllText(_ws.PathOf("daemon.pid")).Trim(), CultureInfo.InvariantCulture);
        Assert.False(ProcessTree.IsAlive(pid), $"the setsid daemon {pid} outlived the run");
        Assert.Contains("left running by the command were stopped", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OutputWithoutFinalNewline_FooterStartsOnItsOwnLine()
    {
        var script = _ws.WriteScript("partial.sh", "printf 'no newline at the end'");

        var (_, log) = await RunAsync(script, TimeSpan.FromSeconds(30));

        Assert.Contains("no newline at the end\n# status: success\n", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ScriptWithoutInterpreterLine_IsStartFailedNamingIt()
    {
        var path = _ws.PathOf("no-shebang");
        await File.WriteAllBytesAsync(path, [0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var (outcome, log) = await RunAsync(path, TimeSpan.FromSeconds(30));

        Assert.Equal(ProcessExit.StartFailed, outcome.Exit);
        Assert.Contains("no-shebang could not be started", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("[pxl] command no-shebang could not be started", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownBareCommand_IsStartFailedSayingPath()
    {
        var (outcome, _) = await RunAsync("pxl-no-such-command", TimeSpan.FromSeconds(30));

        Assert.Equal(ProcessExit.StartFailed, outcome.Exit);
        Assert.Equal("command pxl-no-such-command not found on PATH; give a path or install it", outcome.Error);
    }

    [Fact]
    public async Task Run_CommandDiesOfSigtermWhilePxlRunsOn_IsAFailure()
    {
        // The other side of a stop signal reaching the command with pxl's own stop (RunSignalTests): no stop of pxl
        // follows within the window, so the death is the command's failure.
        var script = _ws.WriteScript("killed.sh", "kill -TERM $$");

        var (outcome, log) = await RunAsync(script, TimeSpan.FromSeconds(30));

        Assert.Equal(ProcessExit.Exited, outcome.Exit);
        Assert.Equal(143, outcome.ExitCode);
        Assert.DoesNotContain("being stopped", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Cancelled_StopsTheTreeAndSaysSo()
    {
        using var cancel = new CancellationTokenSource();
        var (run, child) = await StartLongCommandAsync("sleep 300", cancel.Token);

        await cancel.CancelAsync();
        var (outcome, log) = await run;

        Assert.Equal(ProcessExit.Cancelled, outcome.Exit);
        Assert.False(ProcessTree.IsAlive(child));
        Assert.Contains("[pxl] cancelled: SIGTERM sent to", log, StringComparison.Ordinal);
    }

    /// <summary>Starts a script that writes its pid and then runs <paramref name="body"/>; returns the run and that pid once it is written.</summary>
    private async Task<(Task<(ProcessOutcome Outcome, string Log)> Run, int Pid)> StartLongCommandAsync(string body, CancellationToken cancellationToken)
    {
        var script = _ws.WriteScript("long.sh", "echo $$ > child.pid; " + body);
        var run = RunAsync(script, TimeSpan.FromMinutes(5), cancellationToken);
        var pidFile = _ws.PathOf("child.pid");
        await Wait.UntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), TimeSpan.FromSeconds(20), "the script to start");
        return (run, int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture));
    }

    private async Task<(ProcessOutcome Outcome, string Log)> RunAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var runner = new CycleProcessRunner(TimeProvider.System, NullLogger<CycleProcessRunner>.Instance);
        var spec = new ProcessSpec(
            command,
            [],
            _ws.Root,
            new Dictionary<string, string> { [CycleProcessRunner.TreeMarker] = Guid.NewGuid().ToString("N") },
            timeout,
            TimeSpan.FromSeconds(2));
        string path;
        ProcessOutcome outcome;
        await using (var log = RunLog.Create(_ws.PathOf("logs"), DateTimeOffset.UtcNow))
        {
            path = log.FullPath;
            outcome = await runner.RunAsync(spec, log, cancellationToken);
            await log.WriteFooterAsync(outcome.Exit == ProcessExit.Exited ? CycleStatus.Success : CycleStatus.Failure, outcome.ExitCode, TimeSpan.Zero, outcome.Error, CancellationToken.None);
        }

        return (outcome, await File.ReadAllTextAsync(path, CancellationToken.None));
    }
}
