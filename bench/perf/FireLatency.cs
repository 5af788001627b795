using System.Globalization;
using System.Text.Json.Nodes;

namespace PxlScheduler.Bench.Perf;

/// <summary>
/// Figure 3: fire latency under `pxl serve`, from the scheduled fire time to the first instruction of the
/// cycle command. The command is <c>fire_probe.c</c>, compiled here with gcc: it reads CLOCK_REALTIME
/// first thing and appends it, with its PXL_RUN_ID, to a file.
/// </summary>
/// <remarks>
/// Scheduled fire time: for cron (<c>* * * * * ?</c>, every second) the whole second nearest the probe's
/// clock (Quartz may fire a trigger up to 2 ms early, which shows as a negative latency). For a continuous
/// schedule (<c>sleepSeconds: 0</c>) the end of the previous cycle as the ledger records it
/// (<c>finished_at</c>, truncated to the millisecond) plus the sleep: what "next start = end + sleep"
/// promises the operator. That includes recording the previous run (JSONL flushed to disk, SQL mirror,
/// latest.json) and preparing the next one (run log, in-flight marker, sandbox snapshot, spawn).
/// </remarks>
internal static class FireLatency
{
    private const string Goal = "p99 ≤ 20 ms with the first fire, p50 ≤ 5 ms";

    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext bench)
    {
        var probe = await CompileProbeAsync(bench);
        if (probe is null)
        {
            return [Figure.NotMeasured("fire latency", Goal, "gcc is not installed")];
        }

        var cron = await SamplesAsync(bench, probe, "cron", new JsonObject { ["cron"] = "* * * * * ?" }, TimeSpan.FromSeconds(bench.Quick ? 15 : 60));
        var cronLatencies = cron.Runs.Where(run => cron.Clocks.ContainsKey(run.RunId))
            .Select(run => (cron.Clocks[run.RunId] - RoundToSecond(cron.Clocks[run.RunId])).TotalMilliseconds).ToList();

        var continuous = await SamplesAsync(bench, probe, "continuous", new JsonObject { ["continuous"] = new JsonObject { ["sleepSeconds"] = 0 } }, TimeSpan.FromSeconds(bench.Quick ? 5 : 15));
        var continuousLatencies = continuous.Runs.Zip(continuous.Runs.Skip(1))
            .Where(pair => continuous.Clocks.ContainsKey(pair.Second.RunId))
            .Select(pair => (continuous.Clocks[pair.Second.RunId] - pair.First.FinishedAt).TotalMilliseconds).ToList();

        return [Row("cron `* * * * * ?`: whole second → probe", cronLatencies), Row("continuous, sleep 0: previous `finished_at` → probe", continuousLatencies)];
    }

    private static Figure Row(string name, List<double> latencies)
    {
        if (latencies.Count < 2)
        {
            return Figure.NotMeasured("fire latency, " + name, Goal, $"{latencies.Count} sample(s)");
        }

        var p50 = Stats.Median(latencies);
        var p99 = Stats.Percentile(latencies, 99);
        // The p99 is over every fire, the first after start-up included (the goal's). That first fire runs the whole
        // path cold (type loading, first statements, the first spawn): shown on its own too, with the p99 of the
        // others, so that it can be told apart from a steady-state outlier.
        var warm = latencies.Skip(1).ToList();
        return new Figure(
            "fire latency, " + name,
            $"p50 {p50:0.0} ms, p99 (first fire included) {p99:0.0} ms, max {latencies.Max():0.0} ms ({latencies.Count} fires); the first fire {latencies[0]:0.0} ms, p99 of the others {Stats.Percentile(warm, 99):0.0} ms",
            "",
            "",
            Goal,
            p50 <= 5 && p99 <= 20);
    }

    /// <summary>Runs `serve` with the one schedule for <paramref name="duration"/>; returns its runs in order and the probe's clock by run id (successful runs only).</summary>
    private static async Task<(IReadOnlyList<LedgerRun> Runs, Dictionary<string, DateTimeOffset> Clocks)> SamplesAsync(BenchContext bench, string probe, string name, JsonObject schedule, TimeSpan duration)
    {
        var clockFile = Path.Combine(bench.Temp, name + "-clock.txt");
        var workspace = PxlWorkspace.Create(bench, "latency-" + name);
        workspace.AddSchedule(name, schedule, probe, clockFile);
        BenchContext.Note($"pxl serve with one {name} schedule for {duration.TotalSeconds:0} s");
        await using (var serve = ServeRun.Start(bench.Pxl, workspace))
        {
            await serve.WaitReadyAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(duration);
            await serve.StopAsync();
        }

        var runs = workspace.ReadLedger();
        var succeeded = runs.Where(run => run.Status == "success").Select(run => run.RunId).ToHashSet();
        var clocks = File.ReadLines(clockFile)
            .Select(line => line.Split(' '))
            .Where(fields => succeeded.Contains(fields[0]))
            .ToDictionary(fields => fields[0], fields => DateTimeOffset.UnixEpoch.AddTicks(long.Parse(fields[1], CultureInfo.InvariantCulture) / 100));
        return (runs, clocks);
    }

    private static DateTimeOffset RoundToSecond(DateTimeOffset instant) =>
        new(TimeSpan.TicksPerSecond * ((instant.UtcTicks + (TimeSpan.TicksPerSecond / 2)) / TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>Compiles the probe (statically when the C library allows it, so no dynamic loading precedes main); null without gcc.</summary>
    private static async Task<string?> CompileProbeAsync(BenchContext bench)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "fire_probe.c");
        var output = Path.Combine(bench.Temp, "fire_probe");
        try
        {
            if ((await ChildProcess.RunAsync("gcc", ["-O2", "-static", "-o", output, source], bench.Temp)).ExitCode == 0)
            {
                return output;
            }

            return (await ChildProcess.RunAsync("gcc", ["-O2", "-o", output, source], bench.Temp)).ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
