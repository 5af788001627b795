namespace PxlScheduler.Core.Processes;

/// <summary>How a child process ended, before any cycle-level judgement (write cap, prerequisites) is made.</summary>
public enum ProcessExit
{
    /// <summary>It exited by itself; see the exit code.</summary>
    Exited,

    /// <summary>It ran past its timeout and its process tree was killed.</summary>
    TimedOut,

    /// <summary>Cancellation was requested (shutdown) and its process tree was killed.</summary>
    Cancelled,

    /// <summary>It could not be started: missing, not executable, not a valid executable.</summary>
    StartFailed,
}
