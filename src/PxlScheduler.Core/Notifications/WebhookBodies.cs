using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Notifications;

/// <summary>
/// The body a webhook channel POSTs, by its <c>Format</c>: <c>pxl</c> the event itself; <c>alertmanager</c> the
/// Alertmanager webhook v4 body (a halt, a failure, a timeout or an overdue schedule fires an alert; the resume or the
/// recovery that follows resolves it, under the same fingerprint); <c>slack</c> an object with a <c>text</c>.
/// </summary>
internal static class WebhookBodies
{
    /// <summary>The pair of alerts a resolving event closes: a resume closes a halt, a recovery a failing run.</summary>
    private static readonly Dictionary<string, string> AlertNames = new(StringComparer.Ordinal)
    {
        [NotificationEventNames.Halted] = "PxlScheduleHalted",
        [NotificationEventNames.Resumed] = "PxlScheduleHalted",
        [NotificationEventNames.Failed] = "PxlRunFailing",
        [NotificationEventNames.Recovered] = "PxlRunFailing",
        [NotificationEventNames.Timeout] = "PxlRunTimeout",
        [NotificationEventNames.StartFailed] = "PxlRunStartFailed",
        [NotificationEventNames.Backoff] = "PxlScheduleBackoff",
        [NotificationEventNames.Overdue] = "PxlScheduleOverdue",
    };

    public static string Build(string? format, NotificationEvent e, string payload, string channel) => format?.ToLowerInvariant() switch
    {
        "alertmanager" => Alertmanager(e, channel),
        "slack" => new JsonObject { ["text"] = NotificationText.Summary(e) + (e.Link is null ? "" : $" <{e.Link}>") }.ToJsonString(),
        _ => payload,
    };

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of <paramref name="body"/> keyed by <paramref name="secret"/>, as GitHub signs.</summary>
    public static string Signature(string body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private static string Alertmanager(NotificationEvent e, string channel)
    {
        var resolved = e.Event is NotificationEventNames.Resumed or NotificationEventNames.Recovered;
        var status = resolved ? "resolved" : "firing";
        var alertName = AlertNames.GetValueOrDefault(e.Event, "PxlTest");
        var labels = new JsonObject
        {
            ["alertname"] = alertName,
            ["schedule"] = e.Schedule,
            ["severity"] = e.Event is NotificationEventNames.Halted or NotificationEventNames.Resumed ? "critical" : "warning",
            ["service"] = "pxl",
        };
        var annotations = new JsonObject
        {
            ["summary"] = NotificationText.Summary(e),
            ["event"] = e.Event,
            ["event_id"] = e.Id,
        };
        if (e.RunId is not null)
        {
            annotations["run_id"] = e.RunId;
        }

        var at = UtcInstantConverter.ToText(e.OccurredAt);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{alertName}\n{e.Schedule}")))[..16];
        return new JsonObject
        {
            ["version"] = "4",
            ["groupKey"] = $"{{}}:{{alertname=\"{alertName}\", schedule=\"{e.Schedule}\"}}",
            ["truncatedAlerts"] = 0,
            ["status"] = status,
            ["receiver"] = channel,
            ["groupLabels"] = new JsonObject { ["alertname"] = alertName, ["schedule"] = e.Schedule },
            ["commonLabels"] = labels.DeepClone(),
            ["commonAnnotations"] = annotations.DeepClone(),
            ["externalURL"] = e.Link ?? "",
            ["alerts"] = new JsonArray(new JsonObject
            {
                ["status"] = status,
                ["labels"] = labels,
                ["annotations"] = annotations,
                // A resolving event does not know when the alert began: it says when it ended, as startsAt too.
                ["startsAt"] = at,
                ["endsAt"] = resolved ? at : "0001-01-01T00:00:00Z",
                ["generatorURL"] = e.Link ?? "",
                ["fingerprint"] = fingerprint,
            }),
        }.ToJsonString();
    }
}
