using System.Diagnostics;
using PxlScheduler.Core.Cycles;

namespace PxlScheduler.Tests.Cycles;

/// <summary>The scan of /proc that finds a run's processes by their environment marker, done after every cycle.</summary>
public sealed class ProcessTreeTests
{
    [Fact]
    public async Task WithEnvironment_ProcessCarryingTheMarker_IsFound()
    {
        var marker = Guid.NewGuid().ToString("N");
        var psi = new ProcessStartInfo("sleep", "30") { UseShellExecute = false };
        psi.Environment[CycleProcessRunner.TreeMarker] = marker;
        using var sleeper = Process.Start(psi)!;
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
    public void WithEnvironment_Scan_ReadsNoKernelThread()
    {
        var kernelThreads = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _) && IsKernelThread(name!))
            .Select(name => $"/proc/{name}/")
            .ToList();
        var thread = Environment.CurrentManagedThreadId;
        var read = new List<string>();
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            // A kernel thread has no environment to read: the attempt ends in an exception naming its path.
            if (Environment.CurrentManagedThreadId == thread && kernelThreads.FirstOrDefault(e.Exception.Message.Contains) is { } path)
            {
                read.Add(path);
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            ProcessTree.WithEnvironment(CycleProcessRunner.TreeMarker, Guid.NewGuid().ToString("N"));
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.True(read.Count == 0, $"the scan tried {read.Distinct().Count()} of the {kernelThreads.Count} kernel threads: {string.Join(", ", read.Distinct().Take(5))}");
    }

    /// <summary>kthreadd (pid 2) and its children.</summary>
    private static bool IsKernelThread(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return pid == "2" || fields[1] == "2";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
