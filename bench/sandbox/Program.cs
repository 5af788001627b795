// Measures what the write cap costs a cycle: two snapshots of a sandbox of 10,000 files and their
// comparison, against hashing every file instead; and how fine the file system's last-write times
// are, which bounds the same-size-rewrite blind spot. Prints one line per figure.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using PxlScheduler.Core.Sandbox;

const int Files = 10_000;
const int Rounds = 20;
var root = Path.Combine(Path.GetTempPath(), $"pxl-bench-sandbox-{Environment.ProcessId}");
try
{
    for (var i = 0; i < Files; i++)
    {
        var dir = Path.Combine(root, $"d{i % 100:D3}");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, $"f{i:D5}.txt"), new string('x', 100 + (i % 900)));
    }

    SandboxSnapshot.Take(root); // warm the page cache and the JIT
    var takes = new List<double>();
    var compares = new List<double>();
    for (var round = 0; round < Rounds; round++)
    {
        var watch = Stopwatch.StartNew();
        var before = SandboxSnapshot.Take(root);
        takes.Add(watch.Elapsed.TotalMilliseconds);
        var after = SandboxSnapshot.Take(root);
        watch.Restart();
        var writes = after.ChangesSince(before);
        compares.Add(watch.Elapsed.TotalMilliseconds);
        if (writes.Count != 0 || after.Count != Files)
        {
            throw new InvalidOperationException($"expected {Files} files and no writes, got {after.Count} and {writes.Count}");
        }
    }

    var hashWatch = Stopwatch.StartNew();
    foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
    {
        SHA256.HashData(File.ReadAllBytes(file));
    }

    var hashMs = hashWatch.Elapsed.TotalMilliseconds;
    var memory = GC.GetAllocatedBytesForCurrentThread();

    // Last-write time granularity: rewrite one file as fast as possible and look at the steps.
    var probe = Path.Combine(root, "probe.txt");
    File.WriteAllText(probe, "0000");
    var steps = new List<long>();
    var unchanged = 0;
    var previous = File.GetLastWriteTimeUtc(probe).Ticks;
    for (var i = 0; i < 2000; i++)
    {
        File.WriteAllText(probe, (i % 10000).ToString("D4", CultureInfo.InvariantCulture));
        var now = File.GetLastWriteTimeUtc(probe).Ticks;
        if (now == previous)
        {
            unchanged++;
        }
        else
        {
            steps.Add(now - previous);
        }

        previous = now;
    }

    Console.WriteLine(Invariant($"files: {Files} in 100 folders, {Rounds} rounds"));
    Console.WriteLine(Invariant($"snapshot: median {Median(takes):0.0} ms, max {takes.Max():0.0} ms"));
    Console.WriteLine(Invariant($"compare: median {Median(compares):0.00} ms"));
    Console.WriteLine(Invariant($"per cycle (2 snapshots + compare): ~{2 * Median(takes) + Median(compares):0.0} ms"));
    Console.WriteLine(Invariant($"hashing every file once instead (SHA-256): {hashMs:0.0} ms"));
    Console.WriteLine(Invariant($"allocated on this thread overall: {memory / 1024 / 1024} MiB"));
    Console.WriteLine(Invariant($"last-write time: smallest step {(steps.Count > 0 ? steps.Min() / 10.0 : double.NaN):0.0} µs; {unchanged} of 2000 back-to-back same-size rewrites kept the same time"));
}
finally
{
    Directory.Delete(root, recursive: true);
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
