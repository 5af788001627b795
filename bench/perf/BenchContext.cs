namespace PxlScheduler.Bench.Perf;

/// <summary>What every measurement shares: the repository, a temp folder for workspaces, the published `pxl`, and the run's options.</summary>
internal sealed class BenchContext(string repository, string temp, bool quick)
{
    public string Repository => repository;

    public string Temp => temp;

    /// <summary>Shorter durations and fewer cycles: a smoke run of the harness, not the figures to quote.</summary>
    public bool Quick => quick;

    /// <summary>The published Release apphost, set once it is built.</summary>
    public string Pxl { get; set; } = "";

    /// <summary>Prints progress on stderr, so stdout holds only the figures.</summary>
    public static void Note(string message) => Console.Error.WriteLine($"[bench {DateTime.UtcNow:HH:mm:ss}] {message}");

    /// <summary>Runs a script of this folder with bash in <paramref name="workingDirectory"/>.</summary>
    public Task<ProcessResult> BashAsync(string script, string workingDirectory, params string[] arguments) =>
        ChildProcess.CheckedAsync("bash", [Path.Combine(repository, "bench", "perf", script), .. arguments], workingDirectory);
}
