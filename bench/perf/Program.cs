using System.Text;
using PxlScheduler.Bench.Perf;

// The performance harness of issues 7 and 18: publishes `pxl` in Release, drives the binary with the shipped
// appsettings.json in temp workspaces, against the Python loop it replaces (../shared/reference/seed_loop.py),
// and prints each figure with the reference measured in the same run and the ratio between them, then the whole
// table in Markdown (as docs/performance.md quotes it), with the load average at the start and at the end.
// Usage: dotnet run -c Release --project bench/perf [-- --quick] [--no-ledger] [--keep]
//   --quick      shorter windows and fewer cycles (500 cycles, 15 s idle, 100,000 ledger lines): a smoke run
//   --no-ledger  skip bench/ledger (figure 7), which takes minutes on 1,000,000 lines
//   --keep       keep the temp workspaces
var quick = args.Contains("--quick");
var repository = Repository.Find();
var temp = Path.Combine(Path.GetTempPath(), "pxl-perf-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(temp);
var bench = new BenchContext(repository, temp, quick);
var figures = new List<Figure>();
try
{
    var machine = await Machine.DescribeAsync();
    var loadAtStart = Machine.Load();
    Console.WriteLine($"{machine}; start: {loadAtStart}");
    await bench.FindReferenceAsync();
    Console.WriteLine(bench.SeedLoop is null ? $"reference: none, {bench.SeedLoopMissing}" : $"reference: {bench.Python} {bench.SeedLoop}");
    BenchContext.Note("dotnet publish src/PxlScheduler -c Release");
    await ChildProcess.CheckedAsync("dotnet", ["publish", "src/PxlScheduler", "-c", "Release", "-o", Path.Combine(temp, "pxl"), "-nologo", "-v", "quiet"], repository);
    bench.Pxl = Path.Combine(temp, "pxl", "pxl");

    await Measure(CycleCost.MeasureAsync);
    await Measure(SyscallCount.MeasureAsync);
    await Measure(FireLatency.MeasureAsync);
    await Measure(CommandTime.MeasureAsync);
    await Measure(ServeFootprint.MeasureIdleAsync);
    await Measure(ServeFootprint.MeasureStartAsync);
    if (!args.Contains("--no-ledger"))
    {
        await Measure(LedgerFigures.MeasureAsync);
    }

    Console.WriteLine();
    Console.WriteLine(Table(figures));
    Console.WriteLine($"command: dotnet run -c Release --project bench/perf{(args.Length > 0 ? " -- " + string.Join(' ', args) : "")}");
    Console.WriteLine($"{machine}; start: {loadAtStart}; end: {Machine.Load()}");
    return figures.All(f => f.Met != false) ? 0 : 1;
}
finally
{
    if (args.Contains("--keep"))
    {
        Console.WriteLine($"kept {temp}");
    }
    else
    {
        Directory.Delete(temp, recursive: true);
    }
}

// One measurement failing (a missing tool, a timeout) leaves a row saying so; the others still run.
async Task Measure(Func<BenchContext, Task<IReadOnlyList<Figure>>> measurement)
{
    IReadOnlyList<Figure> rows;
    try
    {
        rows = await measurement(bench);
    }
    catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or FormatException)
    {
        rows = [Figure.NotMeasured(measurement.Method.DeclaringType?.Name ?? "measurement", "", e.Message.Split('\n')[0])];
        BenchContext.Note(e.ToString());
    }

    foreach (var row in rows)
    {
        Console.WriteLine($"{row.Name}: {row.Measured}{(row.Reference.Length > 0 ? $" | reference: {row.Reference} | ratio {row.Ratio}" : "")} | goal {row.Goal} | met: {row.MetText}");
    }

    figures.AddRange(rows);
}

static string Table(IEnumerable<Figure> rows)
{
    var table = new StringBuilder()
        .AppendLine("| figure | measured | reference (same run) | ratio | goal | met? |")
        .AppendLine("|---|---|---|---|---|---|");
    foreach (var row in rows)
    {
        table.AppendLine($"| {row.Name} | {row.Measured} | {row.Reference} | {row.Ratio} | {row.Goal} | {row.MetText} |");
    }

    return table.ToString().TrimEnd();
}
