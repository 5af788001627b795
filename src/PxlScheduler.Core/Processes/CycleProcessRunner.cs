using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace PxlScheduler.Core.Processes;

/// <summary>
/// Starts a child process without a shell and streams its stdout and stderr into the run log (SPEC 6
/// steps 3–5). At the timeout, or on cancellation, its whole tree is stopped: SIGTERM to every
/// process, the grace period, then SIGKILL to whatever is left, including processes that left the
/// tree; adopted zombies are reaped. Processes the command leaves behind after a normal exit are
/// stopped the same way, so nothing of a run outlives it. A command that dies of the signal that is
/// stopping pxl (Ctrl+C reaches the whole process group) is cancelled, not failed.
/// </summary>
internal sealed class CycleProcessRunner
{
    /// <summary>The environment variable that marks every process of one run (inherited by descendants).</summary>
    public const string TreeMarker = "PXL_RUN_ID";

    private static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan KillWaitLimit = TimeSpan.FromSeconds(5);

    /// <summary>How often adopted zombies are reaped while a cycle runs (they are reaped once more when it ends).</summary>
    private static readonly TimeSpan ReapInterval = TimeSpan.FromSeconds(1);

    /// <summary>Commands running in this process now; only a lone one may claim every adopted child as its own.</summary>
    private static int s_running;

    /// <summary>
    /// How long after a command died of a stop signal pxl waits to see whether it is being stopped itself: Ctrl+C in
    /// a terminal, or a kill of the whole process group, reaches the command and pxl at the same moment, and the
    /// command's death is often seen first.
    /// </summary>
    private static readonly TimeSpan StopSignalWindow = TimeSpan.FromSeconds(2);

    /// <summary>The exit codes .NET reports for a process killed by SIGHUP, SIGINT or SIGTERM (128 + the signal).</summary>
    private static readonly int[] StopSignalExitCodes = [128 + 1, 128 + 2, 128 + ProcessTree.SigTerm];

    private readonly TimeProvider _time;
    private readonly ILogger<CycleProcessRunner> _logger;
    private readonly bool _subreaper;

    public CycleProcessRunner(TimeProvider time, ILogger<CycleProcessRunner> logger)
    {
        _time = time;
        _logger = logger;
        _subreaper = ProcessTree.BecomeSubreaper();
        if (!_subreaper)
        {
            ProcessesLog.NoSubreaper(logger);
        }
    }

    public async Task<ProcessOutcome> RunAsync(ProcessSpec spec, IProcessLog log, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref s_running);
        try
        {
            return await RunOneAsync(spec, log, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref s_running);
            // With no child at all (one waitid) there is no zombie to reap: the scan reads a file per thread of pxl,
            // about 90 system calls a cycle, for nothing in the usual case of a command that leaves nothing behind.
            if (_subreaper && !ProcessTree.HasNoChildren())
            {
                ChildProcesses.ReapAdopted();
            }
        }
    }

    private async Task<ProcessOutcome> RunOneAsync(ProcessSpec spec, IProcessLog log, CancellationToken cancellationToken)
    {
        var display = DisplayName(spec);
        if (CheckExecutable(spec.FileName, display) is { } problem)
        {
            await log.WriteNoteAsync(problem, CancellationToken.None);
            return new ProcessOutcome(ProcessExit.StartFailed, null, problem);
        }

        var marker = spec.Environment.TryGetValue(TreeMarker, out var runId) ? runId : Guid.NewGuid().ToString("N");
        using var process = new Process { StartInfo = StartInfo(spec, marker) };
        try
        {
            ChildProcesses.Start(process);
        }
        catch (Win32Exception e)
        {
            var message = $"command {display} could not be started: {e.Message}";
            await log.WriteNoteAsync(message, CancellationToken.None);
            return new ProcessOutcome(ProcessExit.StartFailed, null, message);
        }

        await WriteInputAsync(process, spec.StandardInput);
        // Ours to dispose: Process.Dispose leaves a redirected stream the caller has touched open until the
        // finalizer runs, which left two pipes per cycle open until the next GC (seen in the soak).
        using var stdout = process.StandardOutput;
        using var stderr = process.StandardError;
        var output = Task.WhenAll(PumpAsync(stdout.BaseStream, log), PumpAsync(stderr.BaseStream, log));

        var exit = ProcessExit.Exited;
        using var reaper = new CancellationTokenSource();
        var reaping = ReapWhileRunningAsync(reaper.Token);
        using (var timeout = new CancellationTokenSource(spec.Timeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                await process.WaitForExitAsync(linked.Token);
            }
            catch (OperationCanceledException)
            {
                // A command that ended by itself in that same moment keeps its own exit: a success at shutdown was
                // once recorded as cancelled with exit code 0.
                exit = process.HasExited ? ProcessExit.Exited
                    : cancellationToken.IsCancellationRequested ? ProcessExit.Cancelled
                    : ProcessExit.TimedOut;
            }
        }

        await reaper.CancelAsync();
        await reaping;

        if (exit != ProcessExit.Exited)
        {
            var reason = exit == ProcessExit.TimedOut
                ? $"timeout after {spec.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s"
                : "cancelled";
            var (terminated, killed) = await StopTreeAsync([process.Id, .. ProcessTree.Descendants(process.Id), .. Escaped()], marker, spec.KillGrace);
            ProcessesLog.TreeStopped(_logger, display, reason, terminated, killed);
            await log.WriteNoteAsync($"{reason}: SIGTERM sent to {terminated} process(es), SIGKILL to {killed} after the grace period", CancellationToken.None);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        else if (MayHaveLeftovers())
        {
            await StopLeftoversAsync(display, marker, spec.KillGrace, log);
        }

        try
        {
            await output.WaitAsync(OutputDrainLimit, _time, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            ProcessesLog.OutputAbandoned(_logger, display, OutputDrainLimit.TotalSeconds);
            await log.WriteNoteAsync("output still open after the command exited; stopped reading", CancellationToken.None);
        }

        if (exit == ProcessExit.Exited && StopSignalExitCodes.Contains(process.ExitCode) && await StoppingAsync(cancellationToken))
        {
            // Not a failure of the command: the signal that stops pxl reached it too.
            exit = ProcessExit.Cancelled;
            await log.WriteNoteAsync(
                string.Create(CultureInfo.InvariantCulture, $"the command died of signal {process.ExitCode - 128} while pxl was being stopped: cancelled"),
                CancellationToken.None);
        }

        return new ProcessOutcome(exit, process.ExitCode, null);
    }

    /// <summary>
    /// Stops what the command left running: the processes that still carry the run's marker, and — when this is the
    /// only command running in pxl — every live child pxl adopted that .NET did not start: one that escaped the
    /// marker (<c>setsid env -i daemon</c>) and was re-parented to pxl as the subreaper belongs to this run too.
    /// </summary>
    private async Task StopLeftoversAsync(string display, string marker, TimeSpan grace, IProcessLog log)
    {
        var marked = ProcessTree.WithEnvironment(TreeMarker, marker);
        var escaped = Escaped().Except(marked).ToList();
        if (marked.Count + escaped.Count == 0)
        {
            return;
        }

        await StopTreeAsync([.. marked, .. escaped], marker, grace);
        if (marked.Count > 0)
        {
            ProcessesLog.LeftoversStopped(_logger, display, marked.Count);
            await log.WriteNoteAsync($"{marked.Count} process(es) left running by the command were stopped", CancellationToken.None);
        }

        if (escaped.Count > 0)
        {
            ProcessesLog.EscapedStopped(_logger, display, escaped.Count, string.Join(' ', escaped));
            await log.WriteNoteAsync(
                $"{escaped.Count} process(es) that left the run's environment (setsid, env -i) and outlived the command were stopped " +
                $"(SIGTERM, then SIGKILL after the grace period): pid {string.Join(", ", escaped)}",
                CancellationToken.None);
        }
    }

    /// <summary>
    /// The live adopted children of pxl and their descendants, when this is the only command running in pxl; none
    /// otherwise (another command's orphans cannot be told apart) or when pxl is not a subreaper.
    /// </summary>
    private IReadOnlyList<int> Escaped()
    {
        if (!_subreaper || Volatile.Read(ref s_running) != 1)
        {
            return [];
        }

        var adopted = ChildProcesses.AdoptedAlive();
        return [.. adopted, .. adopted.SelectMany(ProcessTree.Descendants)];
    }

    /// <summary>Reaps adopted zombies every <see cref="ReapInterval"/> until cancelled: an orphan that exits mid-cycle is not left a zombie.</summary>
    private async Task ReapWhileRunningAsync(CancellationToken cancellationToken)
    {
        if (!_subreaper)
        {
            return;
        }

        try
        {
            while (true)
            {
                await Task.Delay(ReapInterval, _time, cancellationToken);
                ChildProcesses.ReapAdopted();
            }
        }
        catch (OperationCanceledException)
        {
            // The command ended; the runner reaps once more itself.
        }
    }

    /// <summary>Whether pxl is being stopped, or is within <see cref="StopSignalWindow"/>.</summary>
    private async Task<bool> StoppingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(StopSignalWindow, _time, cancellationToken);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>
    /// Whether processes of a command that exited normally may still be running, so that /proc must be searched.
    /// </summary>
    /// <remarks>
    /// The search reads the stat and environ of every process on the machine: two files per process, a few
    /// milliseconds per cycle on a busy host. It can be skipped when we are a subreaper and have no child
    /// left at all: a descendant that outlives its parent (a background job, a double fork, setsid) is
    /// re-parented to us, so every process of the tree still alive is a child of ours or below one.
    /// </remarks>
    private bool MayHaveLeftovers() => !_subreaper || !ProcessTree.HasNoChildren();

    private static ProcessStartInfo StartInfo(ProcessSpec spec, string marker)
    {
        var info = new ProcessStartInfo(spec.FileName)
        {
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            info.Environment[name] = value;
        }

        info.Environment[TreeMarker] = marker;
        return info;
    }

    /// <summary>
    /// Hands the command <paramref name="input"/> on its stdin (or nothing) and closes it. A command that exits without
    /// reading it closes the pipe first; that is its business, not a failure of the run.
    /// </summary>
    private static async Task WriteInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), CancellationToken.None);
                await process.StandardInput.FlushAsync(CancellationToken.None);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command closed its stdin (or exited) before reading all of it.
        }
    }

    private static async Task PumpAsync(Stream stream, IProcessLog log)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, CancellationToken.None)) > 0)
            {
                await log.WriteOutputAsync(buffer.AsMemory(0, read), CancellationToken.None);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Stops every process still carrying <paramref name="runId"/> (a run whose `pxl` died); returns how many there were.</summary>
    public async Task<int> StopRunAsync(string runId, TimeSpan grace)
    {
        var leftovers = ProcessTree.WithEnvironment(TreeMarker, runId);
        if (leftovers.Count > 0)
        {
            await StopTreeAsync(leftovers, runId, grace);
        }

        return leftovers.Count;
    }

    /// <summary>SIGTERM to the snapshot, the grace period, then SIGKILL to the snapshot re-walked (children re-parented meanwhile included).</summary>
    private async Task<(int Terminated, int Killed)> StopTreeAsync(IReadOnlyList<int> snapshot, string marker, TimeSpan grace)
    {
        var tree = new HashSet<int>(snapshot);
        tree.UnionWith(ProcessTree.WithEnvironment(TreeMarker, marker));
        var terminated = ProcessTree.Signal(tree, ProcessTree.SigTerm);
        await WaitUntilDeadAsync(tree, grace);

        foreach (var pid in tree.ToList())
        {
            tree.UnionWith(ProcessTree.Descendants(pid));
        }

        tree.UnionWith(ProcessTree.WithEnvironment(TreeMarker, marker));
        var killed = ProcessTree.Signal(tree.Where(ProcessTree.IsAlive), ProcessTree.SigKill);
        await WaitUntilDeadAsync(tree, KillWaitLimit);

        // The command itself is .NET's to reap; the others were re-parented to us (subreaper) and are ours.
        ChildProcesses.ReapAdopted();
        return (terminated, killed);
    }

    private async Task WaitUntilDeadAsync(IReadOnlyCollection<int> pids, TimeSpan limit)
    {
        var started = _time.GetTimestamp();
        while (pids.Any(ProcessTree.IsAlive) && _time.GetElapsedTime(started) < limit)
        {
            await Task.Delay(PollInterval, _time, CancellationToken.None);
        }
    }

    /// <summary>Why <paramref name="fileName"/> cannot be started (missing, a directory, not executable, not on PATH), or null when it can.</summary>
    internal static string? CheckExecutable(string fileName, string display)
    {
        if (!fileName.Contains('/', StringComparison.Ordinal))
        {
            var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Any(directory => IsExecutableFile(Path.Combine(directory, fileName)));
            return onPath ? null : $"command {display} not found on PATH; give a path or install it";
        }

        if (Directory.Exists(fileName))
        {
            return $"command {display} is a directory, not an executable file";
        }

        if (!File.Exists(fileName))
        {
            return $"command {display} does not exist";
        }

        return IsExecutableFile(fileName) ? null : $"command {display} is not executable (chmod +x {display})";
    }

    internal static bool IsExecutableFile(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static string DisplayName(ProcessSpec spec)
    {
        if (!Path.IsPathRooted(spec.FileName))
        {
            return spec.FileName;
        }

        var relative = Path.GetRelativePath(spec.WorkingDirectory, spec.FileName);
        return relative.StartsWith("..", StringComparison.Ordinal) ? spec.FileName : relative;
    }
}
