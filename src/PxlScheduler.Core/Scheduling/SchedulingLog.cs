using Microsoft.Extensions.Logging;

namespace PxlScheduler.Core.Scheduling;

/// <summary>Log messages of the scheduling feature (event ids 1300–1399).</summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(1300, LogLevel.Information, "Cycle of {Schedule} starting: run {RunId} ({Trigger})")]
    public static partial void CycleStarting(ILogger logger, string schedule, string runId, string trigger);

    [LoggerMessage(1301, LogLevel.Information, "Cycle of {Schedule} finished: run {RunId} {Status} in {DurationMs} ms, log {LogPath}")]
    public static partial void CycleFinished(ILogger logger, string schedule, string runId, string status, long durationMs, string logPath);

    [LoggerMessage(1302, LogLevel.Error, "Schedule {Schedule} halted: {Reason}. Run `pxl resume {Schedule}` once the cause is fixed")]
    public static partial void Halted(ILogger logger, string schedule, string reason);

    [LoggerMessage(1303, LogLevel.Warning, "Schedule {Schedule} failed {Failures} time(s) in a row; next attempt at {NextFireAt:O}")]
    public static partial void BackingOff(ILogger logger, string schedule, int failures, DateTimeOffset? nextFireAt);

    [LoggerMessage(1304, LogLevel.Warning, "Fire of {Schedule} skipped: stop file {StopFile} exists; its fires are skipped without another word until the file is removed")]
    public static partial void StopFileVeto(ILogger logger, string schedule, string stopFile);

    [LoggerMessage(1306, LogLevel.Warning, "Cron fire of {Schedule} skipped: backing off after a failure until {Until:O}")]
    public static partial void BackoffVeto(ILogger logger, string schedule, DateTimeOffset until);

    [LoggerMessage(1307, LogLevel.Information, "Store in line with {Count} schedule file(s): {Added} added, {Updated} updated, {Removed} removed; paused: [{Paused}]")]
    public static partial void StoreSynced(ILogger logger, int count, int added, int updated, int removed, string paused);

    [LoggerMessage(1308, LogLevel.Warning, "Fire of {Schedule} skipped: halted ({Reason})")]
    public static partial void HaltVeto(ILogger logger, string schedule, string reason);

    [LoggerMessage(1309, LogLevel.Error, "Could not pause halted schedule {Schedule} in the store; its fires are still refused")]
    public static partial void HaltPauseFailed(ILogger logger, string schedule, Exception exception);

    [LoggerMessage(1310, LogLevel.Warning, "Run {RunId} of {Schedule} was cut off by a crash of pxl; recorded as interrupted ({Stopped} leftover process(es) stopped)")]
    public static partial void RunInterrupted(ILogger logger, string schedule, string runId, int stopped);

    [LoggerMessage(1314, LogLevel.Warning, "Run {RunId} of {Schedule} ended ({Status}) but could not be recorded then; recorded now as its run log says")]
    public static partial void RunRecordedLate(ILogger logger, string schedule, string runId, string status);

    [LoggerMessage(1311, LogLevel.Critical, "Run {RunId} of {Schedule} could not be recorded; the schedule is halted")]
    public static partial void RecordFailed(ILogger logger, string schedule, string runId, Exception exception);

    [LoggerMessage(1305, LogLevel.Error, "Cycle of {Schedule} could not run; nothing was recorded, and the schedule is halted")]
    public static partial void CycleCrashed(ILogger logger, string schedule, Exception? exception);

    [LoggerMessage(1312, LogLevel.Warning, "Run {RunId} of {Schedule} on node {Node} was cut off by that node's death; recorded as interrupted by this node")]
    public static partial void DeadNodeRunAccounted(ILogger logger, string schedule, string runId, string node);

    [LoggerMessage(1313, LogLevel.Warning, "Could not look for runs of {Schedule} left by dead nodes ({Reason}); trying again at its next fire")]
    public static partial void DeadNodeCheckFailed(ILogger logger, string schedule, string reason);

    [LoggerMessage(1315, LogLevel.Information, "Schedule {Schedule} paused: {Reason}")]
    public static partial void Paused(ILogger logger, string schedule, string reason);

    [LoggerMessage(1316, LogLevel.Information, "Schedule {Schedule} resumed; failure count reset from {Failures}{Halt}")]
    public static partial void Resumed(ILogger logger, string schedule, int failures, string halt);

    [LoggerMessage(1317, LogLevel.Information, "Schedule {Schedule} triggered to run once now")]
    public static partial void Triggered(ILogger logger, string schedule);

    [LoggerMessage(1318, LogLevel.Warning, "Schedule {Schedule} is overdue: {Reason}")]
    public static partial void Overdue(ILogger logger, string schedule, string reason);

    [LoggerMessage(1319, LogLevel.Warning, "An event stream subscriber fell {Capacity} events behind and was dropped")]
    public static partial void EventSubscriberDropped(ILogger logger, int capacity);

    [LoggerMessage(1320, LogLevel.Debug, "Cycle path warmed before the first fire in {ElapsedMs} ms")]
    public static partial void CyclePathWarmed(ILogger logger, long elapsedMs);
}
