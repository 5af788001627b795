using System.Globalization;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Core.Notifications;

/// <summary>An event in one line of prose, for Slack, an e-mail's subject and an Alertmanager summary.</summary>
internal static class NotificationText
{
    public static string Summary(NotificationEvent e) => e.Event switch
    {
        NotificationEventNames.Halted => $"pxl: schedule {e.Schedule} halted: {e.Reason}",
        NotificationEventNames.Resumed => $"pxl: schedule {e.Schedule} resumed{(e.Reason is null ? "" : $" (halt lifted: {e.Reason})")}",
        NotificationEventNames.Backoff => string.Create(CultureInfo.InvariantCulture, $"pxl: schedule {e.Schedule} backs off after {e.ConsecutiveFailures} failure(s); next attempt {Instant(e.NextAttemptAt)}"),
        NotificationEventNames.Overdue => $"pxl: schedule {e.Schedule} is overdue: {e.Reason}",
        NotificationEventNames.Failed => $"pxl: run {e.RunId} of {e.Schedule} failed: {e.Status}{(e.Error is null ? "" : $" ({e.Error})")}",
        NotificationEventNames.Recovered => $"pxl: schedule {e.Schedule} recovered: run {e.RunId} succeeded",
        NotificationEventNames.Timeout => $"pxl: run {e.RunId} of {e.Schedule} timed out{(e.Error is null ? "" : $" ({e.Error})")}",
        NotificationEventNames.StartFailed => $"pxl: run {e.RunId} of {e.Schedule} could not start: {e.Error}",
        _ => $"pxl: {e.Event}: {e.Reason}",
    };

    /// <summary>The summary, the link and the event's fields, for an e-mail body.</summary>
    public static string Body(NotificationEvent e, string payload) =>
        $"{Summary(e)}\n\n{(e.Link is null ? "" : $"{e.Link}\n\n")}event {e.Event}, id {e.Id}, at {Instant(e.OccurredAt)}\n\n{payload}\n";

    private static string Instant(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "(none)";
}
