using PxlScheduler.Core.Storage;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// One `serve` per state directory (SPEC 8): an exclusive lock on a file (<see cref="StorageTopology.ServeLockPath"/>), held
/// for the life of the process and released by the kernel even after kill -9. A <c>.pid</c> file beside it
/// names the owner, for the message a second `serve` prints.
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
