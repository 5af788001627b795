namespace PxlScheduler.Core.Processes;

/// <summary>
/// Named places where the crash tests kill this process with SIGKILL, as a power cut would: set
/// <c>PXL_CRASH_AT</c> to a name and the process dies there. Unset (always, outside the tests), a
/// crash point costs one comparison.
/// </summary>
internal static class CrashPoint
{
    public const string AfterMarker = "after-marker";
    public const string AfterJsonl = "after-jsonl";
    public const string AfterMirror = "after-mirror";
    public const string AfterLatest = "after-latest";
    public const string AfterArchiveFile = "after-archive-file";

    private static readonly string? Armed = Environment.GetEnvironmentVariable("PXL_CRASH_AT");

    public static void Hit(string name)
    {
        if (Armed == name)
        {
            ProcessTree.Signal([Environment.ProcessId], ProcessTree.SigKill);
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
