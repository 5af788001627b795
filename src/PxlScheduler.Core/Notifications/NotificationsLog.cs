using Microsoft.Extensions.Logging;

namespace PxlScheduler.Core.Notifications;

/// <summary>Log messages of notifications (event ids 1700–1799). Answers are the receiver's words; no secret is ever an argument.</summary>
internal static partial class NotificationsLog
{
    [LoggerMessage(1700, LogLevel.Information, "Notification {Event} {EventId} of {Schedule} delivered to channel {Channel} (attempt {Attempt}): {Answer}")]
    public static partial void Delivered(ILogger logger, string @event, string eventId, string schedule, string channel, int attempt, string answer);

    [LoggerMessage(1701, LogLevel.Warning, "Notification {Event} {EventId} of {Schedule} not delivered to channel {Channel} (attempt {Attempt}): {Answer}; next attempt at {NextAttemptAt:O}")]
    public static partial void WillRetry(ILogger logger, string @event, string eventId, string schedule, string channel, int attempt, string answer, DateTimeOffset nextAttemptAt);

    [LoggerMessage(1702, LogLevel.Error, "Notification {Event} {EventId} of {Schedule} given up for channel {Channel} after {Attempt} attempt(s) over {Minutes} min (Notifications:RetryForMinutes): {Answer}")]
    public static partial void GaveUp(ILogger logger, string @event, string eventId, string schedule, string channel, int attempt, double minutes, string answer);

    [LoggerMessage(1703, LogLevel.Warning, "Notification {EventId} names channel {Channel}, which the configuration no longer has; marked failed")]
    public static partial void UnknownChannel(ILogger logger, string eventId, string channel);

    [LoggerMessage(1704, LogLevel.Warning, "The notification outbox cannot be read ({Reason}); serve tries again")]
    public static partial void OutboxUnreachable(ILogger logger, string reason);

    [LoggerMessage(1705, LogLevel.Warning, "The notifications of run {RunId} were not stored: the SQL mirror could not be written ({Reason}); the run's row is filled in at the next start, its events are not raised again")]
    public static partial void RunEventsLost(ILogger logger, string runId, string reason);

    [LoggerMessage(1706, LogLevel.Warning, "Notification {Event} of {Schedule} was not stored ({Reason})")]
    public static partial void EventNotStored(ILogger logger, string @event, string schedule, string reason);

    [LoggerMessage(1707, LogLevel.Information, "Released {Count} notification(s) this node was delivering when it stopped; they are delivered now")]
    public static partial void ClaimsReleased(ILogger logger, int count);

    [LoggerMessage(1708, LogLevel.Information, "Removed {Count} delivered or failed notification row(s) older than {Days} day(s) (Notifications:KeepDays)")]
    public static partial void OutboxPruned(ILogger logger, int count, double days);
}
