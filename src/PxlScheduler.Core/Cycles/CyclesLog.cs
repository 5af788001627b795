using Microsoft.Extensions.Logging;

namespace PxlScheduler.Core.Cycles;

/// <summary>Log messages of the cycle feature (event ids 1100–1199).</summary>
internal static partial class CyclesLog
{
    [LoggerMessage(1100, LogLevel.Warning, "Process tree of {Command} stopped ({Reason}): SIGTERM to {Terminated}, SIGKILL to {Killed}")]
    public static partial void TreeStopped(ILogger logger, string command, string reason, int terminated, int killed);

    [LoggerMessage(1101, LogLevel.Warning, "{Count} process(es) left behind by {Command} were stopped")]
    public static partial void LeftoversStopped(ILogger logger, string command, int count);

    [LoggerMessage(1102, LogLevel.Warning, "Output of {Command} still open {Seconds} s after it exited; stopped reading")]
    public static partial void OutputAbandoned(ILogger logger, string command, double seconds);

    [LoggerMessage(1103, LogLevel.Warning, "Could not become a child subreaper; orphaned grandchildren of a cycle will be reaped by pid 1")]
    public static partial void NoSubreaper(ILogger logger);

    [LoggerMessage(1104, LogLevel.Warning, "Run {RunId} is not in the cluster's in-flight table ({Reason}); if this node dies during it, the run is accounted for when the node starts again")]
    public static partial void InFlightNotShared(ILogger logger, string runId, string reason);
}
