namespace PxlScheduler.Bench.Perf;

/// <summary>
/// Figure 4: the wall time of <c>pxl run --iterations 1 --sleep 0</c> with <c>/bin/true</c>, start-up
/// included, against a `dotnet` hello-world built here in Release: each the median of five runs after one
/// warm-up run (so both read their files from the page cache).
/// </summary>
internal static class StartupTime
{
    private const int Runs = 5;

    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext bench)
    {
        var hello = await BuildHelloWorldAsync(bench);
        var helloMs = await MedianMsAsync(hello, [], bench.Temp);
        BenchContext.Note($"hello-world: {helloMs:0} ms");

        var workspace = PxlWorkspace.Create(bench, "startup", "/bin/true", []);
        var pxlMs = await MedianMsAsync(bench.Pxl, ["run", "--iterations", "1", "--sleep", "0"], workspace.Root);
        BenchContext.Note($"pxl run --iterations 1: {pxlMs:0} ms");
        return
        [
            new Figure(
                "`pxl run --iterations 1 --sleep 0`, /bin/true, wall time (median of 5)",
                $"{pxlMs:0} ms",
                $"`dotnet` hello-world (Release apphost): {helloMs:0} ms",
                $"{pxlMs / helloMs:0.0}×",
                "≤ 1 s and ≤ 4×",
                pxlMs <= 1000 && pxlMs / helloMs <= 4),
        ];
    }

    private static async Task<double> MedianMsAsync(string program, string[] arguments, string workingDirectory)
    {
        await ChildProcess.CheckedAsync(program, arguments, workingDirectory);
        var samples = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            samples.Add((await ChildProcess.CheckedAsync(program, arguments, workingDirectory)).Elapsed.TotalMilliseconds);
        }

        return Stats.Median(samples);
    }

    /// <summary>A console project outside the repository (so none of its build settings apply), built with the same SDK.</summary>
    private static async Task<string> BuildHelloWorldAsync(BenchContext bench)
    {
        var directory = Directory.CreateDirectory(Path.Combine(bench.Temp, "hello")).FullName;
        await File.WriteAllTextAsync(
            Path.Combine(directory, "hello.csproj"),
            "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "Program.cs"), "System.Console.WriteLine(\"Hello, World!\");\n");
        BenchContext.Note("building a dotnet hello-world");
        await ChildProcess.CheckedAsync("dotnet", ["build", "-c", "Release", "-o", "out", "-nologo", "-v", "quiet"], directory);
        return Path.Combine(directory, "out", "hello");
    }
}
