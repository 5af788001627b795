namespace PxlScheduler.Bench.Perf;

/// <summary>The machine a run measured: cores, CPU model, .NET SDK and load, printed with the figures.</summary>
internal static class Machine
{
    public static async Task<string> DescribeAsync()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var sdk = (await ChildProcess.CheckedAsync("dotnet", ["--version"], Directory.GetCurrentDirectory())).Output.Trim();
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        return $"machine: {Environment.ProcessorCount} cores (nproc), {model}, dotnet SDK {sdk}, load average {load} at {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
    }
}
