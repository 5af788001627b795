using Microsoft.Extensions.Logging;

namespace PxlScheduler.Core.Processes;

/// <summary>Log messages of child processes and their trees (event ids 1100–1103 and 1106, kept from when they were the cycle's).</summary>
internal static partial class ProcessesLog
{
    [LoggerMessage(1100, LogLevel.Warning, "Process tree of {Command} stopped ({Reason}): SIGTERM to {Terminated}, SIGKILL to {Killed}")]
    public static partial void TreeStopped(ILogger logger, string command, string reason, int terminated, int killed);

    [LoggerMessage(1101, LogLevel.Warning, "{Count} process(es) left behind by {Command} were stopped")]
    public static partial void LeftoversStopped(ILogger logger, string command, int count);

    [LoggerMessage(1102, LogLevel.Warning, "Output of {Command} still open {Seconds} s after it exited; stopped reading")]
    public static partial void OutputAbandoned(ILogger logger, string command, double seconds);

    [LoggerMessage(1103, LogLevel.Warning, "Could not become a child subreaper; orphaned grandchildren of a cycle will be reaped by pid 1")]
    public static partial void NoSubreaper(ILogger logger);

    [LoggerMessage(1106, LogLevel.Warning, "{Count} process(es) that escaped the run of {Command} (no PXL_RUN_ID left) outlived it and were stopped: pid {Pids}")]
    public static partial void EscapedStopped(ILogger logger, string command, int count, string pids);
}
