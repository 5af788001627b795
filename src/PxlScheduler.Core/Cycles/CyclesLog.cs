using Microsoft.Extensions.Logging;

namespace PxlScheduler.Core.Cycles;

/// <summary>Log messages of the cycle feature (event ids 1104–1199).</summary>
internal static partial class CyclesLog
{
    [LoggerMessage(1104, LogLevel.Warning, "Run {RunId} is not in the cluster's in-flight table ({Reason}); if this node dies during it, the run is accounted for when the node starts again")]
    public static partial void InFlightNotShared(ILogger logger, string runId, string reason);

    [LoggerMessage(1105, LogLevel.Warning, "Sandbox writes of schedule {Schedule} not counted: the sandbox holds more than {MaxEntries} entries; the write cap was not checked")]
    public static partial void WritesNotCounted(ILogger logger, string schedule, int maxEntries);
}
