using System.Globalization;
using System.Text.Json.Nodes;

namespace PxlScheduler.Bench.Perf;

/// <summary>
/// Figures 5 and 6: `pxl serve` idle with 100 schedules (CPU and RSS from /proc/PID/stat and status), and
/// its start-to-ready time with 1,000 schedule files, on an empty store and on a restart with nothing changed.
/// </summary>
internal static class ServeFootprint
{
    public static async Task<IReadOnlyList<Figure>> MeasureIdleAsync(BenchContext bench)
    {
        // Cron schedules that fire on 1 January only: nothing runs, so what is measured is the scheduler idling.
        var workspace = PxlWorkspace.Create(bench, "idle");
        for (var i = 0; i < 100; i++)
        {
            workspace.AddSchedule($"idle-{i:000}", new JsonObject { ["cron"] = $"{i % 60} {i / 60} 1 1 *" }, "/bin/true");
        }

        var duration = TimeSpan.FromSeconds(bench.Quick ? 15 : 60);
        var figures = new List<Figure>();
        // As deploy/pxl-scheduler.service runs it (no tiered compilation), then as a `pxl serve` started by hand;
        // both with the HTTP endpoint off (PXL_Http__Enabled=false; harmless where pxl has no such setting).
        foreach (var (how, environment) in new[]
        {
            ("HTTP off, as the systemd unit runs it, DOTNET_TieredCompilation=0", new Dictionary<string, string> { ["PXL_Http__Enabled"] = "false", ["DOTNET_TieredCompilation"] = "0" }),
            ("HTTP off, started by hand, tiered compilation on", new Dictionary<string, string> { ["PXL_Http__Enabled"] = "false" }),
        })
        {
            BenchContext.Note($"pxl serve idle with 100 schedules for {duration.TotalSeconds:0} s, {how}");
            await using var serve = ServeRun.Start(bench.Pxl, workspace, environment);
            await serve.WaitReadyAsync(TimeSpan.FromSeconds(60));
            // Let start-up work (JIT, first store polls) settle before the window opens.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var ticksPerSecond = double.Parse((await ChildProcess.CheckedAsync("getconf", ["CLK_TCK"], "/")).Output.Trim(), CultureInfo.InvariantCulture);
            var before = CpuTicks(serve.Pid);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Task.Delay(duration);
            var cpuPercent = (CpuTicks(serve.Pid) - before) / ticksPerSecond / clock.Elapsed.TotalSeconds * 100;
            var rssMb = ProcStatus.Kb(serve.Pid, "VmRSS") / 1024.0;
            var peakMb = ProcStatus.Kb(serve.Pid, "VmHWM") / 1024.0;
            await serve.StopAsync();
            figures.Add(new Figure(
                $"`pxl serve` idle, 100 cron schedules, {duration.TotalSeconds:0} s, {how}",
                $"CPU {cpuPercent:0.00} % of one core, RSS {rssMb:0.0} MB (peak {peakMb:0.0} MB)",
                "",
                "",
                "CPU < 0.5 %, RSS ≤ 60 MB",
                cpuPercent < 0.5 && rssMb <= 60));
        }

        return figures;
    }

    public static async Task<IReadOnlyList<Figure>> MeasureStartAsync(BenchContext bench)
    {
        var workspace = PxlWorkspace.Create(bench, "start");
        for (var i = 0; i < 500; i++)
        {
            workspace.AddSchedule($"cron-{i:000}", new JsonObject { ["cron"] = $"{i % 60} {i / 60 % 24} 1 1 *" }, "/bin/true");
            workspace.AddSchedule($"loop-{i:000}", new JsonObject { ["continuous"] = new JsonObject { ["sleepSeconds"] = 600 }, ["enabled"] = false }, "/bin/true");
        }

        BenchContext.Note("pxl serve start-to-ready with 1,000 schedule files: empty store, then a restart");
        var empty = await StartToReadyAsync(bench, workspace);
        var restart = await StartToReadyAsync(bench, workspace);
        return
        [
            new Figure(
                "`pxl serve` start-to-ready, 1,000 schedule files (500 cron, 500 continuous disabled)",
                $"empty store {empty.TotalSeconds:0.00} s; restart, nothing changed {restart.TotalSeconds:0.00} s",
                "",
                "",
                "≤ 5 s",
                empty.TotalSeconds <= 5 && restart.TotalSeconds <= 5),
        ];
    }

    private static async Task<TimeSpan> StartToReadyAsync(BenchContext bench, PxlWorkspace workspace)
    {
        await using var serve = ServeRun.Start(bench.Pxl, workspace);
        var ready = await serve.WaitReadyAsync(TimeSpan.FromSeconds(120));
        await serve.StopAsync();
        return ready;
    }

    /// <summary>utime + stime of the process, fields 14 and 15 of /proc/PID/stat, in clock ticks.</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // After "pid (comm) ": comm may hold spaces, so count fields from the last ')'. utime is field 14, the 12th after it.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
