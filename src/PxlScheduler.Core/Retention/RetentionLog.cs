using Microsoft.Extensions.Logging;

namespace PxlScheduler.Core.Retention;

/// <summary>Log messages of run-log retention (event ids 1600–1699).</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(1600, LogLevel.Information, "Pruned {Count} run log(s), {Bytes} bytes, from {Folder}: {Reasons}; kept {Kept} ({KeptBytes} bytes, {Protected} of them in flight or halted on), oldest kept {OldestKept}")]
    public static partial void Pruned(ILogger logger, int count, long bytes, string folder, string reasons, int kept, long keptBytes, int @protected, string oldestKept);

    [LoggerMessage(1601, LogLevel.Debug, "Pruned run log {LogPath} ({Bytes} bytes): {Reason}")]
    public static partial void PrunedOne(ILogger logger, string logPath, long bytes, string reason);

    [LoggerMessage(1602, LogLevel.Warning, "Run log {LogPath} could not be pruned: {Reason}")]
    public static partial void PruneFailed(ILogger logger, string logPath, string reason);

    [LoggerMessage(1603, LogLevel.Error, "Pruning the run logs failed; the next pass is in {Period}")]
    public static partial void PassFailed(ILogger logger, TimeSpan period, Exception exception);
}
