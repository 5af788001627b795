using System.Globalization;

namespace PxlScheduler.Bench.Perf;

/// <summary>A process's memory as /proc/PID/status reports it (VmRSS, VmHWM, …), in kB.</summary>
internal static class ProcStatus
{
    public static long Kb(int pid, string key) =>
        File.ReadLines($"/proc/{pid}/status")
            .Where(line => line.StartsWith(key + ":", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture))
            .First();
}
