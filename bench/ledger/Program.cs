using System.Diagnostics;
using PxlScheduler.Bench;
using PxlScheduler.Commands;
using PxlScheduler.Core.Configuration;
using PxlScheduler;

// The ledger benchmark of issue 4: generates a ledger in a temp workspace, then times the real `pxl ledger`
// commands in this process (as the tests run them), each after one warm-up call so JIT is not counted.
// Usage: dotnet run -c Release --project bench/ledger [-- LINES] [--keep] [--rebuild-only]
var count = args.FirstOrDefault(a => char.IsDigit(a[0])) is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
var root = Path.Combine(Path.GetTempPath(), "pxl-bench-" + Guid.NewGuid().ToString("N")[..8]);
var workspace = new Workspace(root);
var ledger = workspace.Resolve(new PathsOptions().Ledger);
var database = workspace.Resolve("state/pxl.db");
try
{
    var clock = Stopwatch.StartNew();
    LedgerGenerator.Write(ledger, count);
    var jsonlBytes = new FileInfo(ledger).Length;
    Console.WriteLine($"ledger: {count:N0} lines, {jsonlBytes / 1e6:0.0} MB, generated in {clock.Elapsed.TotalSeconds:0.0} s; {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var rebuild = await TimeAsync("ledger", "rebuild");
    cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    Console.WriteLine($"rebuild: {rebuild.TotalSeconds:0.00} s = {count / rebuild.TotalSeconds:N0} lines/s (CPU {cpu.TotalSeconds:0.00} s)   goal >= 200,000 lines/s");

    var dbBytes = new FileInfo(database).Length + (File.Exists(database + "-wal") ? new FileInfo(database + "-wal").Length : 0);
    Console.WriteLine($"size: db {dbBytes / 1e6:0.0} MB / JSONL {jsonlBytes / 1e6:0.0} MB = {(double)dbBytes / jsonlBytes:0.00}x   goal <= 1.5x");

    if (args.Contains("--rebuild-only"))
    {
        return;
    }

    await Report("stats", 300, "ledger", "stats");
    await Report("stats --since 7d", 300, "ledger", "stats", "--since", "7d");
    await Report("stats --schedule nightly", 300, "ledger", "stats", "--schedule", "nightly");
    await Report("tail", 50, "ledger", "tail");
    await Report("tail -n 200", 50, "ledger", "tail", "-n", "200");
    await Report("query (last 10 by started_at)", 50, "ledger", "query", "SELECT run_id, status FROM runs ORDER BY started_at DESC LIMIT 10");
    await Report("verify", 0, "ledger", "verify");
}
finally
{
    if (args.Contains("--keep"))
    {
        Console.WriteLine($"kept {root}");
    }
    else
    {
        Directory.Delete(root, recursive: true);
    }
}

async Task Report(string what, int goalMs, params string[] command)
{
    await TimeAsync(command);
    var best = TimeSpan.MaxValue;
    for (var i = 0; i < 5 && (goalMs > 0 || i == 0); i++)
    {
        var time = await TimeAsync(command);
        best = time < best ? time : best;
    }

    Console.WriteLine($"{what}: {best.TotalMilliseconds:0} ms (best of {(goalMs > 0 ? 5 : 1)}){(goalMs > 0 ? $"   goal < {goalMs} ms" : "")}");
}

async Task<TimeSpan> TimeAsync(params string[] command)
{
    var output = new StringWriter();
    var error = new StringWriter();
    var clock = Stopwatch.StartNew();
    var code = await Cli.RunAsync(command, new CliContext(workspace, output, error));
    var elapsed = clock.Elapsed;
    if (code is not (0 or 1) || error.ToString().Contains("error", StringComparison.Ordinal))
    {
        throw new InvalidOperationException($"pxl {string.Join(' ', command)} exited {code}: {error}");
    }

    return elapsed;
}
