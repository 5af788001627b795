using System.Diagnostics;
using PxlScheduler.Core.Processes;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Processes;

/// <summary>The /proc and wait helpers on real processes: the scan that finds a run's processes by their environment marker, and the child check that lets a cycle skip it.</summary>
public sealed class ProcessTreeTests
{
    [Fact]
    public async Task WithEnvironment_ProcessCarryingTheMarker_IsFound()
    {
        var marker = Guid.NewGuid().ToString("N");
        var psi = new ProcessStartInfo("sleep", "30") { UseShellExecute = false };
        psi.Environment[CycleProcessRunner.TreeMarker] = marker;
        using var sleeper = ChildProcesses.Start(psi);
        try
        {
            Assert.Equal([sleeper.Id], ProcessTree.WithEnvironment(CycleProcessRunner.TreeMarker, marker));
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task WithEnvironment_Scan_ReadsNoKernelThreadOrZombie()
    {
        // A zombie of our own making: `sleep 0.1` exits under a parent (exec'd into `sleep 30`) that never waits.
        using var parent = ChildProcesses.Start(new ProcessStartInfo("bash", ["-c", "sleep 0.1 & exec sleep 30"]) { UseShellExecute = false });
        try
        {
            await Wait.UntilAsync(() => ZombieChildOf(parent.Id) is not null, TimeSpan.FromSeconds(20), "the zombie");
            var unreadable = Directory.EnumerateDirectories("/proc")
                .Select(Path.GetFileName)
                .Where(name => int.TryParse(name, out _) && IsKernelThread(name!))
                .Append(ZombieChildOf(parent.Id)!)
                .Select(name => $"/proc/{name}/")
                .ToList();

            var tried = ScanCollectingPaths(unreadable);

            Assert.True(tried.Count == 0, $"the scan tried {tried.Count} of {unreadable.Count} processes without an environment: {string.Join(", ", tried.Take(5))}");
        }
        finally
        {
            parent.Kill();
            await parent.WaitForExitAsync();
        }
    }

    /// <summary>Runs one scan; returns which of <paramref name="paths"/> it tried to read, from the exceptions that name them.</summary>
    private static List<string> ScanCollectingPaths(IReadOnlyList<string> paths)
    {
        var thread = Environment.CurrentManagedThreadId;
        var tried = new List<string>();
        void Collect(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread && paths.FirstOrDefault(e.Exception.Message.Contains) is { } path)
            {
                tried.Add(path);
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Collect;
        try
        {
            ProcessTree.WithEnvironment(CycleProcessRunner.TreeMarker, Guid.NewGuid().ToString("N"));
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Collect;
        }

        return tried.Distinct().ToList();
    }

    private static string? ZombieChildOf(int parent) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .FirstOrDefault(name => int.TryParse(name, out _) && Stat(name!) is [_, var ppid, ..] stat && stat[0] == "Z" && ppid == parent.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The fields of /proc/PID/stat after the command name (state, ppid, …), or null when it is gone.</summary>
    private static string[]? Stat(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>kthreadd (pid 2) and its children.</summary>
    private static bool IsKernelThread(string pid) => pid == "2" || Stat(pid) is [_, "2", ..];

    [Fact]
    public async Task HasNoChildren_ChildRunning_IsFalse()
    {
        using var child = ChildProcesses.Start(new ProcessStartInfo("sleep", ["30"]) { UseShellExecute = false });
        try
        {
            // Other tests in this process may have children too; a running child of ours must always count.
            Assert.False(ProcessTree.HasNoChildren());
        }
        finally
        {
            child.Kill();
            await child.WaitForExitAsync();
        }
    }
}
