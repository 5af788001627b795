namespace PxlScheduler.Bench.Perf;

/// <summary>
/// The cost of a cycle as a user runs it: <c>pxl run --iterations N --sleep 0 -- /bin/true</c> with the shipped
/// configuration (its required check before every cycle; run log, JSONL ledger, SQL mirror, latest.json) against
/// the Python loop it replaces, <c>../shared/reference/seed_loop.py</c> with the same arguments, in turns
/// (pxl, Python, pxl, Python…) so that the machine's drift hits both. Each run is timed whole, start-up included,
/// as a user's clock sees it; CPU and peak RSS come from wait4's rusage (<see cref="ChildProcess.TimedAsync"/>).
/// </summary>
internal static class CycleCost
{
    private const string Goal = "≤ 0.5× Python";

    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext bench)
    {
        var cycles = bench.Quick ? 500 : 1000;
        var turns = bench.Quick ? 2 : 3;
        var pxl = new List<Usage>();
        var python = new List<Usage>();
        var steady = new List<double>();
        for (var turn = 1; turn <= turns; turn++)
        {
            var workspace = PxlWorkspace.Create(bench, $"cycles-{turn}");
            BenchContext.Note($"turn {turn}/{turns}: pxl run --iterations {cycles} --sleep 0 -- /bin/true");
            var (run, usage) = await ChildProcess.TimedAsync(bench.Pxl, ["run", "--iterations", $"{cycles}", "--sleep", "0", "--", "/bin/true"], workspace.Root);
            var runs = workspace.ReadLedger();
            if (runs.Count != cycles)
            {
                throw new InvalidOperationException($"the ledger holds {runs.Count} runs, not {cycles}:\n{run.Output}");
            }

            pxl.Add(usage);
            // The ledger's own pace, first start to last start: what the old README's "ms per cycle" was.
            steady.Add((runs[^1].StartedAt - runs[0].StartedAt).TotalMilliseconds / (cycles - 1));
            BenchContext.Note($"  pxl: {Describe(usage, cycles)}; ledger start to start {steady[^1]:0.00} ms");

            if (bench.SeedLoop is { } seedLoop)
            {
                var directory = Directory.CreateDirectory(Path.Combine(bench.Temp, $"python-{turn}")).FullName;
                BenchContext.Note($"turn {turn}/{turns}: python3 seed_loop.py --iterations {cycles} --sleep 0 -- /bin/true");
                python.Add((await ChildProcess.TimedAsync(bench.Python, [seedLoop, "--iterations", $"{cycles}", "--sleep", "0", "--", "/bin/true"], directory)).Usage);
                BenchContext.Note($"  python: {Describe(python[^1], cycles)}");
            }
        }

        var name = $"{cycles:N0} cycles of /bin/true (median of {turns} turns)";
        var pxlWall = Stats.Median([.. pxl.Select(u => u.Wall.TotalMilliseconds / cycles)]);
        var pxlCpu = Stats.Median([.. pxl.Select(u => u.Cpu.TotalMilliseconds / cycles)]);
        var pxlRss = pxl.Max(u => u.PeakRssMb);
        var measuredWall = $"{pxlWall:0.00} ms per cycle (ledger, start to start: {Stats.Median(steady):0.00} ms)";
        var measuredCpu = $"{pxlCpu:0.00} ms per cycle";
        var measuredRss = $"{pxlRss:0} MB";
        if (bench.SeedLoop is null)
        {
            return
            [
                new Figure($"{name}: wall", measuredWall, "not measured: " + bench.SeedLoopMissing, "", Goal, null),
                new Figure($"{name}: CPU (user + sys, with children)", measuredCpu, "not measured: " + bench.SeedLoopMissing, "", Goal, null),
                new Figure("peak RSS, `pxl run`", measuredRss, "not measured: " + bench.SeedLoopMissing, "", "≤ 50 MB", pxlRss <= 50),
            ];
        }

        var pythonWall = Stats.Median([.. python.Select(u => u.Wall.TotalMilliseconds / cycles)]);
        var pythonCpu = Stats.Median([.. python.Select(u => u.Cpu.TotalMilliseconds / cycles)]);
        var pythonRss = python.Max(u => u.PeakRssMb);
        return
        [
            new Figure($"{name}: wall", measuredWall, $"Python loop: {pythonWall:0.00} ms", $"{pxlWall / pythonWall:0.00}×", Goal, pxlWall / pythonWall <= 0.5),
            new Figure($"{name}: CPU (user + sys, with children)", measuredCpu, $"Python loop: {pythonCpu:0.00} ms", $"{pxlCpu / pythonCpu:0.00}×", Goal, pxlCpu / pythonCpu <= 0.5),
            new Figure("peak RSS, `pxl run` (largest of the turns)", measuredRss, $"Python loop: {pythonRss:0} MB", $"{pxlRss / pythonRss:0.0}×", "≤ 50 MB", pxlRss <= 50),
        ];
    }

    private static string Describe(Usage usage, int cycles) =>
        $"{usage.Wall.TotalSeconds:0.00} s wall, {usage.Cpu.TotalSeconds:0.00} s CPU, peak RSS {usage.PeakRssMb:0} MB ({usage.Wall.TotalMilliseconds / cycles:0.00} ms a cycle)";
}
