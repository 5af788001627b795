namespace PxlScheduler.Bench.Perf;

/// <summary>What every measurement shares: the repository, a temp folder for workspaces, the published `pxl`, the Python reference, and the run's options.</summary>
internal sealed class BenchContext(string repository, string temp, bool quick)
{
    public string Repository => repository;

    public string Temp => temp;

    /// <summary>Shorter durations and fewer cycles: a smoke run of the harness, not the figures to quote.</summary>
    public bool Quick => quick;

    /// <summary>The published Release apphost, set once it is built.</summary>
    public string Pxl { get; set; } = "";

    /// <summary>
    /// The Python interpreter <c>python3</c> names, resolved once (<c>sys.executable</c>), so that a version
    /// manager's shim on PATH (pyenv's is a shell script) is not timed with every run.
    /// </summary>
    public string Python { get; set; } = "";

    /// <summary>The reference loop, <c>../shared/reference/seed_loop.py</c> from the repository root; null when absent.</summary>
    public string? SeedLoop { get; set; }

    /// <summary>Why <see cref="SeedLoop"/> is null.</summary>
    public string SeedLoopMissing { get; set; } = "";

    /// <summary>Prints progress on stderr, so stdout holds only the figures.</summary>
    public static void Note(string message) => Console.Error.WriteLine($"[bench {DateTime.UtcNow:HH:mm:ss}] {message}");

    /// <summary>Finds the reference loop and the interpreter to run it with.</summary>
    public async Task FindReferenceAsync()
    {
        var seedLoop = Path.GetFullPath(Path.Combine(repository, "..", "shared", "reference", "seed_loop.py"));
        if (!File.Exists(seedLoop))
        {
            SeedLoopMissing = $"{seedLoop} not found";
            return;
        }

        try
        {
            Python = (await ChildProcess.CheckedAsync("python3", ["-c", "import sys; print(sys.executable)"], temp)).Output.Trim();
            SeedLoop = seedLoop;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            SeedLoopMissing = "python3 does not run: " + e.Message.Split('\n')[0];
        }
    }
}
