namespace PxlScheduler.Bench.Perf;

/// <summary>The machine a run measured: cores, CPU model, .NET SDK and load, printed with the figures.</summary>
internal static class Machine
{
    public static async Task<string> DescribeAsync()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var sdk = (await ChildProcess.CheckedAsync("dotnet", ["--version"], Directory.GetCurrentDirectory())).Output.Trim();
        return $"machine: {Environment.ProcessorCount} cores (nproc), {model}, dotnet SDK {sdk}";
    }

    /// <summary>The 1, 5 and 15 minute load averages of /proc/loadavg, with the time.</summary>
    public static string Load()
    {
        var fields = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"load average {fields[0]} {fields[1]} {fields[2]} at {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
    }
}
