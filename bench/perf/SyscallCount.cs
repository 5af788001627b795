using System.Globalization;
using System.Text.RegularExpressions;

namespace PxlScheduler.Bench.Perf;

/// <summary>
/// Why a cycle costs what it costs: the flushes to disk (fsync, fdatasync) and files opened per cycle of
/// <c>pxl run --sleep 0 -- /bin/true</c> and of the Python loop, counted by <c>strace -f -c</c> over 100 cycles
/// (start-up included, so a little high), and what one fsync costs on this disk (a 300-byte append flushed, 200 times,
/// median). Informational: no goal; skipped without strace.
/// </summary>
internal static class SyscallCount
{
    private const int Cycles = 100;

    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext bench)
    {
        var workspace = PxlWorkspace.Create(bench, "strace");
        BenchContext.Note($"strace -f -c over pxl run --iterations {Cycles} -- /bin/true");
        string pxl;
        try
        {
            pxl = await CountAsync(bench, "pxl", bench.Pxl, ["run", "--iterations", $"{Cycles}", "--sleep", "0", "--", "/bin/true"], workspace.Root);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [Figure.NotMeasured("system calls per cycle", "", "strace is not installed")];
        }

        var python = "not measured: " + bench.SeedLoopMissing;
        if (bench.SeedLoop is { } seedLoop)
        {
            BenchContext.Note($"strace -f -c over the Python loop, {Cycles} cycles");
            var directory = Directory.CreateDirectory(Path.Combine(bench.Temp, "python-strace")).FullName;
            python = "Python loop: " + await CountAsync(bench, "python", bench.Python, [seedLoop, "--iterations", $"{Cycles}", "--sleep", "0", "--", "/bin/true"], directory);
        }

        var fsyncMs = FsyncMilliseconds(Path.Combine(bench.Temp, "fsync.tmp"));
        return
        [
            new Figure(
                $"system calls per cycle (strace -f -c, {Cycles} cycles, start-up included; one fsync here: {fsyncMs:0.00} ms, median)",
                pxl,
                python,
                "",
                "",
                null),
        ];
    }

    /// <summary>Runs the program under strace and returns its flushes, opens and renames per cycle.</summary>
    private static async Task<string> CountAsync(BenchContext bench, string name, string program, string[] arguments, string directory)
    {
        var summary = Path.Combine(bench.Temp, $"strace-{name}.txt");
        await ChildProcess.CheckedAsync("strace", ["-f", "-c", "-o", summary, "-e", "trace=fsync,fdatasync,openat,rename,renameat,renameat2", program, .. arguments], directory);
        var text = await File.ReadAllTextAsync(summary);
        double PerCycle(string call) => Calls(call).Match(text) is { Success: true } m ? double.Parse(m.Groups["calls"].Value, CultureInfo.InvariantCulture) / Cycles : 0;
        return $"{PerCycle("fsync") + PerCycle("fdatasync"):0.0} fsync, {PerCycle("openat"):0.0} openat, {PerCycle("rename") + PerCycle("renameat") + PerCycle("renameat2"):0.0} rename";
    }

    private static double FsyncMilliseconds(string path)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        var line = new byte[300];
        line[^1] = (byte)'\n';
        var samples = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            stream.Write(line);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            stream.Flush(flushToDisk: true);
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        return Stats.Median(samples);
    }

    // A row of strace's summary: "% time  seconds  usecs/call  calls  [errors]  syscall".
    private static Regex Calls(string call) => new($@"^\s*[0-9.]+\s+[0-9.]+\s+[0-9]+\s+(?<calls>[0-9]+)\s+(?:[0-9]+\s+)?{call}$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
}
