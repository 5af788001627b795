namespace PxlScheduler.Bench.Perf;

/// <summary>
/// Figures 1 and 2: the time per cycle of <c>pxl run --iterations N --sleep 0</c> with <c>/bin/true</c>
/// (run log, JSONL ledger, SQL mirror and latest.json all written), against a shell loop that only spawns
/// <c>/bin/true</c>, and against a shell loop doing the seed's bookkeeping.
/// </summary>
/// <remarks>
/// pxl's time per cycle is the ledger's own: from the first cycle's start to the last one's, over N − 1,
/// so .NET start-up (figure 4) is not spread over the cycles. The shell loops are timed whole.
/// </remarks>
internal static class CycleOverhead
{
    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext bench)
    {
        var cycles = bench.Quick ? 500 : 2000;
        var workspace = PxlWorkspace.Create(bench, "overhead", "/bin/true", []);
        BenchContext.Note($"pxl run --iterations {cycles} --sleep 0 with /bin/true");
        var run = await ChildProcess.CheckedAsync(bench.Pxl, ["run", "--iterations", $"{cycles}", "--sleep", "0"], workspace.Root);
        var runs = workspace.ReadLedger();
        if (runs.Count != cycles)
        {
            throw new InvalidOperationException($"the ledger holds {runs.Count} runs, not {cycles}:\n{run.Output}");
        }

        var pxlMs = (runs[^1].StartedAt - runs[0].StartedAt).TotalMilliseconds / (cycles - 1);
        BenchContext.Note($"pxl: {pxlMs:0.00} ms per cycle ({run.Elapsed.TotalSeconds:0.0} s whole)");

        var spawnDirectory = Directory.CreateDirectory(Path.Combine(bench.Temp, "spawn")).FullName;
        var spawnMs = (await bench.BashAsync("spawn_loop.sh", spawnDirectory, $"{cycles}")).Elapsed.TotalMilliseconds / cycles;
        BenchContext.Note($"spawn loop: {spawnMs:0.00} ms per spawn");

        var dotnetMs = await DotnetSpawnLoop.MillisecondsPerSpawnAsync(cycles, spawnDirectory);
        BenchContext.Note($".NET spawn loop: {dotnetMs:0.00} ms per spawn");

        var seedDirectory = Directory.CreateDirectory(Path.Combine(bench.Temp, "seed")).FullName;
        var seedMs = (await bench.BashAsync("seed_loop.sh", seedDirectory, $"{cycles}")).Elapsed.TotalMilliseconds / cycles;
        BenchContext.Note($"bookkeeping loop: {seedMs:0.00} ms per cycle");

        var overhead = pxlMs - spawnMs;
        return
        [
            new Figure(
                $"per-cycle overhead, `pxl run --iterations {cycles} --sleep 0`, /bin/true",
                $"{pxlMs:0.00} ms per cycle = spawn + **{overhead:0.00} ms**",
                $"spawn-only shell loop: {spawnMs:0.00} ms",
                $"{pxlMs / spawnMs:0.0}×",
                "overhead ≤ 2 ms",
                overhead <= 2),
            new Figure(
                "the same, against spawning as pxl does from .NET",
                $"{pxlMs:0.00} ms per cycle = .NET spawn + **{pxlMs - dotnetMs:0.00} ms**",
                $".NET loop: Process.Start, output read, exit awaited: {dotnetMs:0.00} ms",
                $"{pxlMs / dotnetMs:0.0}×",
                "",
                null),
            new Figure(
                "the same, against the seed's bookkeeping",
                $"{pxlMs:0.00} ms per cycle",
                $"shell loop (spawn, log file, JSON line): {seedMs:0.00} ms",
                $"{pxlMs / seedMs:0.00}×",
                "faster (< 1×)",
                pxlMs < seedMs),
        ];
    }
}
