using System.Diagnostics;
using System.Globalization;

namespace PxlScheduler.Bench.Perf;

/// <summary>Runs a program to its end, timing it from start to exit and capturing what it printed.</summary>
internal static class ChildProcess
{
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = clock.Elapsed;
        return new ProcessResult(process.ExitCode, await output + await error, elapsed);
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit is an error that shows the output.</summary>
    public static async Task<ProcessResult> CheckedAsync(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var result = await RunAsync(fileName, arguments, workingDirectory);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Output}");
        }

        return result;
    }

    /// <summary>
    /// Runs a program under GNU time (<c>/usr/bin/time</c>), which reports the rusage wait4 returns: CPU of the
    /// whole tree, peak RSS. The wall time is this process's clock, from start to exit; a non-zero exit is an error.
    /// </summary>
    public static async Task<(ProcessResult Result, Usage Usage)> TimedAsync(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var report = Path.GetTempFileName();
        var result = await CheckedAsync("/usr/bin/time", ["-f", "%U %S %M", "-o", report, fileName, .. arguments], workingDirectory);
        var fields = (await File.ReadAllTextAsync(report)).Trim().Split('\n')[^1].Split(' ');
        File.Delete(report);
        var cpu = double.Parse(fields[0], CultureInfo.InvariantCulture) + double.Parse(fields[1], CultureInfo.InvariantCulture);
        return (result, new Usage(result.Elapsed, TimeSpan.FromSeconds(cpu), double.Parse(fields[2], CultureInfo.InvariantCulture) / 1024));
    }
}
