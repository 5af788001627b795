using System.Text.Json.Nodes;

namespace PxlScheduler.Bench.Perf;

/// <summary>
/// The wall time of the commands an operator types, start-up included, on a small ledger (5 runs, one schedule):
/// <c>pxl status</c>, <c>pxl ledger tail -n 5</c>, <c>pxl schedules next nightly</c> against a `dotnet`
/// hello-world built here in Release (the floor any .NET program starts from), and
/// <c>pxl run --iterations 1 --sleep 0 -- /bin/true</c> against the Python loop's one cycle. One warm-up run of
/// each (so all read their files from the page cache), then <see cref="Runs"/> turns of all of them in a row;
/// the median of each.
/// </summary>
internal static class CommandTime
{
    private const int Runs = 5;

    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext bench)
    {
        var hello = await BuildHelloWorldAsync(bench);
        var workspace = PxlWorkspace.Create(bench, "commands");
        workspace.AddSchedule("nightly", new JsonObject { ["cron"] = "30 2 * * *" }, "/bin/true");
        await ChildProcess.CheckedAsync(bench.Pxl, ["run", "--iterations", "5", "--sleep", "0", "--", "/bin/true"], workspace.Root);
        var python = bench.SeedLoop is null ? null : Directory.CreateDirectory(Path.Combine(bench.Temp, "python-one")).FullName;

        var commands = new List<(string Program, string[] Arguments, string Directory)>
        {
            (hello, [], bench.Temp),
            (bench.Pxl, ["status"], workspace.Root),
            (bench.Pxl, ["ledger", "tail", "-n", "5"], workspace.Root),
            (bench.Pxl, ["schedules", "next", "nightly"], workspace.Root),
            (bench.Pxl, ["run", "--iterations", "1", "--sleep", "0", "--", "/bin/true"], workspace.Root),
        };
        if (python is not null)
        {
            commands.Add((bench.Python, [bench.SeedLoop!, "--iterations", "1", "--sleep", "0", "--", "/bin/true"], python));
        }

        BenchContext.Note($"{commands.Count} commands, a warm-up and {Runs} turns each");
        var samples = commands.Select(_ => new List<double>()).ToList();
        for (var turn = 0; turn <= Runs; turn++)
        {
            for (var i = 0; i < commands.Count; i++)
            {
                var (program, arguments, directory) = commands[i];
                var elapsed = (await ChildProcess.CheckedAsync(program, arguments, directory)).Elapsed.TotalMilliseconds;
                if (turn > 0)
                {
                    samples[i].Add(elapsed);
                }
            }
        }

        var ms = samples.Select(s => Stats.Median(s)).ToList();
        BenchContext.Note("medians: " + string.Join(", ", ms.Select(m => $"{m:0} ms")));
        var helloText = $"`dotnet` hello-world (Release apphost): {ms[0]:0} ms";
        Figure CommandRow(string name, double measured) =>
            new($"{name}, wall (median of {Runs})", $"{measured:0} ms", helloText, $"{measured / ms[0]:0.0}×", "≤ 100 ms", measured <= 100);
        return
        [
            CommandRow("`pxl status`", ms[1]),
            CommandRow("`pxl ledger tail -n 5`", ms[2]),
            CommandRow("`pxl schedules next nightly`", ms[3]),
            new Figure(
                $"`pxl run --iterations 1 --sleep 0 -- /bin/true`, wall (median of {Runs})",
                $"{ms[4]:0} ms",
                python is null ? "not measured: " + bench.SeedLoopMissing : $"Python loop, one cycle: {ms[5]:0} ms",
                python is null ? "" : $"{ms[4] / ms[5]:0.0}×",
                "≤ 250 ms",
                ms[4] <= 250),
        ];
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
