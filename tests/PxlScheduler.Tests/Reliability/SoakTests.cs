using System.Globalization;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Reliability;

/// <summary>
/// A short soak (the long one is <c>bench/soak</c>): hundreds of back-to-back cycles in a real `pxl run`
/// process, sampled from /proc while it runs: no descriptor or thread growth, no zombie children.
/// </summary>
public sealed class SoakTests : IDisposable
{
    /// <summary>How long the cycles may stand still before a wait for them fails; however long they take in all.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Run_300BackToBackCycles_LeaksNoDescriptorThreadOrZombie()
    {
        // A 10 ms cycle, so that both samples land while the run is still going however fast pxl's own part gets.
        using var run = PxlProcess.Start(_ws.Root, "run", "--iterations", "300", "--sleep", "0", "--", "/bin/sleep", "0.01");
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();

        await Wait.UntilCountAsync(() => CyclesOrEnded(run), 100, Stall, "cycles");
        var early = await SteadySampleAsync(run.Id);
        await Wait.UntilCountAsync(() => CyclesOrEnded(run), 280, Stall, "cycles");
        var late = await SteadySampleAsync(run.Id);
        await run.WaitForExitAsync();

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{await stdout}\n{await stderr}");
        Assert.NotNull(early);
        Assert.NotNull(late);
        Assert.Equal(300, LedgerFile.Read(_ws.Root).Count);
        // A leak per cycle would add 180 or more over these 180 cycles; a few are lazily opened once (assemblies, the WAL index).
        Assert.True(late.Descriptors <= early.Descriptors + 8, $"descriptors grew from {early.Descriptors} to {late.Descriptors} over 180 cycles");
        Assert.True(late.Threads <= early.Threads + 4, $"threads grew from {early.Threads} to {late.Threads}");
        Assert.Equal(0, early.Zombies);
        Assert.Equal(0, late.Zombies);
    }

    [Fact]
    public async Task Run_EveryCycle_ClosesItsPipesWithoutWaitingForTheGarbageCollector()
    {
        // A large first generation makes collections rare, so pipes left to the finalizer pile up between them.
        var rareGc = new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0x10000000" };
        // A 10 ms cycle: slow enough to sample a few hundred times however fast pxl's own part gets.
        using var run = PxlProcess.Start(_ws.Root, rareGc, "run", "--iterations", "200", "--sleep", "0", "--", "/bin/sleep", "0.01");
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();

        await Wait.UntilCountAsync(() => CyclesOrEnded(run), 20, Stall, "cycles");
        var pipes = new List<int>();
        while (!run.HasExited && LedgerFile.Read(_ws.Root).Count < 180)
        {
            if (PipesOpen(run.Id) is { } open)
            {
                pipes.Add(open);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }

        await run.WaitForExitAsync();
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{await stdout}\n{await stderr}");
        Assert.True(pipes.Count >= 10, $"only {pipes.Count} samples");
        // A cycle in progress holds its own for a moment; left to the finalizer, two per cycle piled up to 60–140 here.
        Assert.True(pipes.Max() - pipes.Min() <= 8, $"pipes open ranged from {pipes.Min()} to {pipes.Max()} over {pipes.Count} samples");
    }

    /// <summary>The cycles recorded so far; once the run has ended, more than any wait asks for.</summary>
    private int CyclesOrEnded(System.Diagnostics.Process run) => run.HasExited ? int.MaxValue : LedgerFile.Read(_ws.Root).Count;

    private static int? PipesOpen(int pid)
    {
        try
        {
            return new DirectoryInfo($"/proc/{pid}/fd").GetFileSystemInfos().Count(fd => fd.LinkTarget?.StartsWith("pipe:", StringComparison.Ordinal) == true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A descriptor closed while we looked, or the process ended.
            return null;
        }
    }

    /// <summary>The smallest of a few samples: a cycle in progress holds three pipes, and an exited child is a zombie until reaped, for a moment; a leak stays.</summary>
    private static async Task<ProcessSample?> SteadySampleAsync(int pid)
    {
        var samples = new List<ProcessSample>();
        for (var i = 0; i < 10; i++)
        {
            if (Sample(pid) is { } sample)
            {
                samples.Add(sample);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(15));
        }

        return samples.Count == 0
            ? null
            : new ProcessSample(samples.Min(s => s.Descriptors), samples.Min(s => s.Threads), samples.Min(s => s.Zombies));
    }

    private static ProcessSample? Sample(int pid)
    {
        try
        {
            var descriptors = Directory.GetFiles($"/proc/{pid}/fd").Length;
            var threads = Directory.GetDirectories($"/proc/{pid}/task").Length;
            var zombies = 0;
            foreach (var dir in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out _))
                {
                    continue;
                }

                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    if (fields[0] == "Z" && int.Parse(fields[1], CultureInfo.InvariantCulture) == pid)
                    {
                        zombies++;
                    }
                }
                catch (IOException)
                {
                    // Gone while we looked.
                }
            }

            return new ProcessSample(descriptors, threads, zombies);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private sealed record ProcessSample(int Descriptors, int Threads, int Zombies);
}
