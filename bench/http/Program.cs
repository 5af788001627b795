using System.Text;
using PxlScheduler.Bench.Http;
using PxlScheduler.Bench.Perf;

// The HTTP benchmark of issue 15: publishes `pxl` in Release, builds a workspace with 100 schedule files and a
// 1,000,000-run ledger (HttpFixture), starts `pxl serve` on it as the systemd unit runs it, times every path of
// HttpEndpoint.All with a real HttpClient (warm-up, then sequential requests: p50, p99, max), and compares serve's
// idle RSS with HTTP on and off; prints each figure, then the table in Markdown (as docs/performance.md quotes it),
// with the load average at the start and at the end.
// Usage: dotnet run -c Release --project bench/http [-- --quick] [--keep] [--fixture DIR] [--requests N]
//   --quick        100,000 runs, 200 requests, 5 s idle: a smoke run
//   --keep         keep the temp folder (the fixture is its http/ folder)
//   --fixture DIR  measure on a fixture kept earlier instead of building one
//   --requests N   timed requests per path (default 1000)
var quick = args.Contains("--quick");
var requests = Option("--requests") is { } n ? int.Parse(n) : quick ? 200 : 1000;
var repository = Repository.Find();
var temp = Path.Combine(Path.GetTempPath(), "pxl-http-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(temp);
var bench = new BenchContext(repository, temp, quick);
// As deploy/pxl-scheduler.service runs serve.
var systemd = new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" };
var figures = new List<Figure>();
try
{
    var machine = await Machine.DescribeAsync();
    var loadAtStart = Machine.Load();
    Console.WriteLine($"{machine}; start: {loadAtStart}");
    BenchContext.Note("dotnet publish src/PxlScheduler -c Release");
    await ChildProcess.CheckedAsync("dotnet", ["publish", "src/PxlScheduler", "-c", "Release", "-o", Path.Combine(temp, "pxl"), "-nologo", "-v", "quiet"], repository);
    bench.Pxl = Path.Combine(temp, "pxl", "pxl");
    var workspace = Option("--fixture") is { } fixture ? PxlWorkspace.Open(fixture) : await HttpFixture.CreateAsync(bench, quick ? 100_000 : 1_000_000);

    var port = HttpFixture.FreePort();
    await using (var serve = ServeRun.Start(bench.Pxl, workspace, new Dictionary<string, string>(systemd) { ["PXL_Http__Urls"] = $"http://127.0.0.1:{port}" }))
    {
        await serve.WaitReadyAsync(TimeSpan.FromSeconds(120));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        var runs = File.ReadLines(workspace.Ledger).LongCount();
        foreach (var endpoint in HttpEndpoint.All(runs))
        {
            Print(await Latency.MeasureAsync(client, endpoint, warmUp: quick ? 20 : 100, requests));
        }

        await serve.StopAsync();
    }

    var off = await IdleRssAsync(new Dictionary<string, string>(systemd) { ["PXL_Http__Enabled"] = "false" });
    var on = await IdleRssAsync(new Dictionary<string, string>(systemd) { ["PXL_Http__Urls"] = $"http://127.0.0.1:{HttpFixture.FreePort()}" });
    Print(new Figure(
        "`pxl serve` idle RSS, HTTP on against off (same fixture, as the systemd unit runs it)",
        $"on {on:0.0} MB, off {off:0.0} MB: {on - off:+0.0;-0.0} MB",
        "",
        "",
        "≤ +15 MB",
        on - off <= 15));

    Console.WriteLine();
    Console.WriteLine(Table(figures));
    Console.WriteLine($"command: dotnet run -c Release --project bench/http{(args.Length > 0 ? " -- " + string.Join(' ', args) : "")}");
    Console.WriteLine($"{machine}; start: {loadAtStart}; end: {Machine.Load()}");
    return figures.All(f => f.Met != false) ? 0 : 1;

    async Task<double> IdleRssAsync(Dictionary<string, string> environment)
    {
        var settle = TimeSpan.FromSeconds(quick ? 5 : 20);
        BenchContext.Note($"pxl serve idle {settle.TotalSeconds:0} s, {(environment.ContainsKey("PXL_Http__Enabled") ? "HTTP off" : "HTTP on")}");
        await using var serve = ServeRun.Start(bench.Pxl, workspace, environment);
        await serve.WaitReadyAsync(TimeSpan.FromSeconds(120));
        await Task.Delay(settle);
        var rss = ProcStatus.Kb(serve.Pid, "VmRSS") / 1024.0;
        await serve.StopAsync();
        return rss;
    }
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

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

void Print(Figure row)
{
    Console.WriteLine($"{row.Name}: {row.Measured} | goal {row.Goal} | met: {row.MetText}");
    figures.Add(row);
}

static string Table(IEnumerable<Figure> rows)
{
    var table = new StringBuilder()
        .AppendLine("| figure | measured | goal | met? |")
        .AppendLine("|---|---|---|---|");
    foreach (var row in rows)
    {
        table.AppendLine($"| {row.Name} | {row.Measured} | {row.Goal} | {row.MetText} |");
    }

    return table.ToString().TrimEnd();
}
