using System.Diagnostics;
using System.Globalization;

namespace PxlScheduler.Bench.Perf;

/// <summary>
/// A `pxl serve` child: ready is the line <c>pxl serve: ready</c> on stdout, printed once the store is in
/// line with the files and the scheduler has started (the moment systemd is notified). Stopped with SIGTERM.
/// </summary>
internal sealed class ServeRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stopwatch _clock;
    private readonly TaskCompletionSource<TimeSpan> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private ServeRun(Process process, Stopwatch clock)
    {
        _process = process;
        _clock = clock;
        _process.OutputDataReceived += (_, e) => Received(e.Data);
        _process.ErrorDataReceived += (_, e) => Received(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    /// <param name="pxl">The published pxl.</param>
    /// <param name="workspace">Its working directory.</param>
    /// <param name="environment">Extra variables, e.g. DOTNET_TieredCompilation=0 as the systemd unit sets.</param>
    public static ServeRun Start(string pxl, PxlWorkspace workspace, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(pxl, ["serve"])
        {
            WorkingDirectory = workspace.Root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        return new ServeRun(Process.Start(info) ?? throw new InvalidOperationException("pxl serve did not start"), clock);
    }

    /// <summary>Time from process start to the ready line.</summary>
    public async Task<TimeSpan> WaitReadyAsync(TimeSpan limit)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_ready.Task, exited, Task.Delay(limit));
        if (first != _ready.Task)
        {
            throw new InvalidOperationException($"pxl serve was not ready within {limit.TotalSeconds} s:\n{Output()}");
        }

        return await _ready.Task;
    }

    /// <summary>SIGTERM, as systemd stops it, then waits for the exit.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            await ChildProcess.RunAsync("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)], "/");
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output.TakeLast(40));
        }
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("pxl serve: ready", StringComparison.Ordinal))
        {
            _ready.TrySetResult(_clock.Elapsed);
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }
}
