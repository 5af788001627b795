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
    public void WithEnvironment_Scan_ThrowsNoExceptionPerKernelThread()
    {
        var thread = Environment.CurrentManagedThreadId;
        var thrown = 0;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                Interlocked.Increment(ref thrown);
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

        // A few are expected (pid 1's environment is not readable, a process may exit mid-scan); one per
        // kernel thread, sixty or more on a host that shows them, is what the scan used to cost.
        var kernelThreads = Directory.EnumerateDirectories("/proc").Count(d => File.Exists(Path.Combine(d, "stat")) && IsKernelThread(d));
        Assert.True(thrown <= 5, $"{thrown} exceptions in one scan ({kernelThreads} kernel threads visible)");
    }

    private static bool IsKernelThread(string procDirectory)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(procDirectory, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[1] == "2" || Path.GetFileName(procDirectory) == "2";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
