using System.Diagnostics;

namespace PxlScheduler.Bench.Perf;

/// <summary>
/// A second reference for figure 1: /bin/true spawned from .NET the way pxl spawns a cycle (no shell,
/// stdin, stdout and stderr redirected, both outputs read to their end, the exit awaited), in this process.
/// pxl's time per cycle minus this is what the scheduling and recording cost; this minus the shell loop
/// is what .NET's process start costs over bash's fork and exec.
/// </summary>
internal static class DotnetSpawnLoop
{
    public static async Task<double> MillisecondsPerSpawnAsync(int count, string workingDirectory)
    {
        await SpawnAsync(workingDirectory);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await SpawnAsync(workingDirectory);
        }

        return clock.Elapsed.TotalMilliseconds / count;
    }

    private static async Task SpawnAsync(string workingDirectory)
    {
        var info = new ProcessStartInfo("/bin/true")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("/bin/true did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var error = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        await process.WaitForExitAsync();
        await Task.WhenAll(output, error);
    }
}
