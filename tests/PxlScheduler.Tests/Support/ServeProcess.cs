using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using PxlScheduler.Core.Processes;

namespace PxlScheduler.Tests.Support;

/// <summary>A real `pxl serve` child process in a workspace: waits until it is ready, stops it with SIGTERM like systemd does.</summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private ServeProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    public int Pid => _process.Id;

    /// <summary>Where serve's HTTP answers (the address it printed, "pxl serve: listening on …"), or null when it does not listen.</summary>
    public Uri? BaseUrl =>
        Regex.Match(Output, @"pxl serve: listening on (http://[^\s,]+)") is { Success: true } match ? new Uri(match.Groups[1].Value) : null;

    public static Task<ServeProcess> StartAsync(string workspaceRoot) => StartAsync(workspaceRoot, new Dictionary<string, string>());

    public static async Task<ServeProcess> StartAsync(string workspaceRoot, IReadOnlyDictionary<string, string> environment)
    {
        var serve = new ServeProcess(PxlProcess.Start(workspaceRoot, environment, "serve"));
        await Wait.UntilAsync(() => serve.Output.Contains("pxl serve: ready", StringComparison.Ordinal) || serve._process.HasExited, TimeSpan.FromSeconds(60), "serve to be ready");
        Assert.False(serve._process.HasExited, $"serve exited at start:\n{serve.Output}");
        return serve;
    }

    /// <summary>kill -9: no shutdown, nothing flushed by pxl itself.</summary>
    public async Task CrashAsync()
    {
        ProcessTree.Signal([_process.Id], ProcessTree.SigKill);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then waits for a clean exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            ProcessTree.Signal([_process.Id], ProcessTree.SigTerm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
        }

        return _process.ExitCode;
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

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }
}
