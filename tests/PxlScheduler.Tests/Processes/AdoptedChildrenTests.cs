using System.Globalization;
using System.Text.RegularExpressions;
using PxlScheduler.Core.Processes;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Processes;

/// <summary>
/// Issue 19, defects 4 and 5: pxl is a child subreaper, so a cycle's orphans become its children. Those that exit
/// are reaped (no zombie piles up under `serve`), and those still running when the cycle ends — even ones that
/// dropped PXL_RUN_ID with <c>setsid env -i</c> — are stopped and named in the run log. Real `pxl` processes.
/// </summary>
public sealed partial class AdoptedChildrenTests : IDisposable
{
    private readonly TempWorkspace _ws = new();
    private readonly List<int> _strays = [];

    public void Dispose()
    {
        // On the old code the daemon outlived everything; never leave it running on the machine.
        ProcessTree.Signal(_strays.Where(ProcessTree.IsAlive), ProcessTree.SigKill);
        _ws.Dispose();
    }

    [Fact]
    public async Task Serve_CyclesWhoseOrphansExitMidCycle_LeaveNoZombie()
    {
        // The subshell dies at once, so the sleep is re-parented to serve, and exits while the cycle still runs.
        var script = _ws.WriteScript("cycle.sh", "(setsid env -i sleep 0.2 &); sleep 1.2");
        _ws.WriteFile("schedules/loop.json", $$"""{ "continuous": { "sleepSeconds": 0 }, "command": "{{script}}" }""");

        await using var serve = await ServeProcess.StartAsync(_ws.Root);
        await Wait.UntilAsync(() => LedgerFile.Read(_ws.Root).Count >= 4, TimeSpan.FromSeconds(90), "four cycles");

        // The old code reaped none of them: one more <defunct> child of serve each cycle, for good.
        await Wait.UntilAsync(() => Zombies(serve.Pid) == 0, TimeSpan.FromSeconds(10), $"no <defunct> child of serve (pid {serve.Pid})");
        Assert.Equal(0, await serve.StopAsync());
        Assert.All(LedgerFile.Read(_ws.Root).Where(r => r.Text("status") != "cancelled"), r => Assert.Equal("success", r.Text("status")));
    }

    [Fact]
    public async Task Run_DaemonThatDroppedTheRunsEnvironment_IsStoppedWhenTheCycleEndsAndNamedInTheLog()
    {
        var script = _ws.WriteScript("cycle.sh", """
            (setsid env -i bash -c 'echo $$ > daemon.pid; exec sleep 300' &)
            while [ ! -s daemon.pid ]; do sleep 0.05; done
            """);

        using var pxl = PxlProcess.Start(_ws.Root, "run", "--iterations", "1", "--", script);
        var stdout = pxl.StandardOutput.ReadToEndAsync();
        var stderr = pxl.StandardError.ReadToEndAsync();
        await pxl.WaitForExitAsync();
        var daemon = int.Parse(File.ReadAllText(_ws.PathOf("daemon.pid")).Trim(), CultureInfo.InvariantCulture);
        _strays.Add(daemon);

        Assert.True(pxl.ExitCode == 0, $"exit {pxl.ExitCode}\n{await stdout}\n{await stderr}");
        Assert.False(ProcessTree.IsAlive(daemon), $"the escaped daemon (pid {daemon}) outlived the run");
        var line = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal("success", line.Text("status"));
        var log = File.ReadAllText(_ws.PathOf(line.Text("log_path")));
        Assert.Contains("1 process(es) that left the run's environment (setsid, env -i) and outlived the command were stopped", log, StringComparison.Ordinal);
        Assert.Contains($"pid {daemon.ToString(CultureInfo.InvariantCulture)}", log, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProcessStart_GoesThroughTheRegistry()
    {
        // A child .NET waits for, reaped by the adopted-zombie reaper, makes .NET fail fast: every start must be registered.
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Where(f => !f.EndsWith("ChildProcesses.cs", StringComparison.Ordinal) && !f.EndsWith(nameof(AdoptedChildrenTests) + ".cs", StringComparison.Ordinal))
            .Where(f => DirectStart().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();
        Assert.True(offenders.Count == 0, $"start processes through ChildProcesses.Start: {string.Join(", ", offenders)}");
    }

    /// <summary><c>Process.Start(…)</c> or <c>process.Start()</c>, not <c>PxlProcess.Start</c> or <c>ChildProcesses.Start</c>.</summary>
    [GeneratedRegex(@"(?<![A-Za-z])(Process\.Start\(|process\.Start\(\))")]
    private static partial Regex DirectStart();

    /// <summary>The children of <paramref name="pid"/> in state Z, from every process's stat (ppid and state).</summary>
    private static int Zombies(int pid) => ProcessTree.Children(pid).Count(child => child.State == 'Z');
}
