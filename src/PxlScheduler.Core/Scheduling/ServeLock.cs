using PxlScheduler.Core.Storage;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// The workspace's cycle lock. One `serve` per state directory (SPEC 8), and one cycle at a time in a workspace:
/// `serve` holds it for its life, `pxl run` for its session (issue 19: two runs, or a run beside serve, overlapped).
/// An exclusive lock on a file (<see cref="StorageTopology.ServeLockPath"/>), released by the kernel even after kill -9. A <c>.pid</c>
/// file beside it names the owner, for the message the one turned away prints.
/// </summary>
internal sealed class ServeLock : IDisposable
{
    private readonly FileStream _stream;

    private ServeLock(FileStream stream)
    {
        _stream = stream;
    }

    /// <summary>
    /// Whether a `serve` holds the lock at <paramref name="path"/>, judged without touching the lock (taking it even
    /// briefly could turn away a `serve` starting at that moment): its <c>.pid</c> file names a live `pxl serve`.
    /// </summary>
    public static bool IsHeld(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path + ".pid").Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                && File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains("serve");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>What holds the lock, for a message: "`pxl serve` (pid 4242)", "`pxl run` (pid 4242)", or "another pxl (pid 4242)".</summary>
    public static string DescribeHolder(int pid)
    {
        var pidText = pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] arguments;
        try
        {
            arguments = File.ReadAllText($"/proc/{pidText}/cmdline").Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return pid > 0 ? $"another pxl (pid {pidText})" : "another pxl";
        }

        return arguments.Contains("serve") ? $"`pxl serve` (pid {pidText})"
            : arguments.Contains("run") ? $"`pxl run` (pid {pidText})"
            : $"another pxl (pid {pidText})";
    }

    /// <summary>Takes the lock, or returns null with the pid of the process that holds it (0 if unknown).</summary>
    public static ServeLock? TryAcquire(string path, out int ownerPid)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var pidFile = path + ".pid";
        try
        {
            // FileShare.None is an exclusive flock(2) on Linux: a second opener fails at once.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(pidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            ownerPid = Environment.ProcessId;
            return new ServeLock(stream);
        }
        catch (IOException)
        {
            ownerPid = File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) ? pid : 0;
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
