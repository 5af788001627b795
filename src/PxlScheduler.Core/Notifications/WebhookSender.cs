using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Core.Notifications;

/// <summary>
/// A <c>webhook</c> channel: one POST of the body its <c>Format</c> gives, signed with <c>X-Pxl-Signature</c> when the
/// channel has a <c>Secret</c>; a 2xx answer delivers. Errors name the host, never the URL's path or query, where a
/// Slack-style webhook keeps its token.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients) : IChannelSender
{
    public const string ClientName = "pxl-notifications";

    public string Type => "webhook";

    public async Task<DeliveryAnswer> SendAsync(NotificationChannelOptions channel, NotificationEvent notification, string payload, CancellationToken cancellationToken)
    {
        var body = WebhookBodies.Build(channel.Format, notification, payload, channel.Name);
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("X-Pxl-Event-Id", notification.Id);
        request.Headers.Add("X-Pxl-Event", notification.Event);
        if (!string.IsNullOrEmpty(channel.Secret))
        {
            request.Headers.Add("X-Pxl-Signature", WebhookBodies.Signature(body, channel.Secret));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(channel.TimeoutSeconds));
        var host = new Uri(channel.Url!).Authority;
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            var answer = string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}") + Excerpt(text);
            return new DeliveryAnswer(response.IsSuccessStatusCode, answer);
        }
        catch (HttpRequestException e)
        {
            return new DeliveryAnswer(false, $"{host}: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryAnswer(false, string.Create(CultureInfo.InvariantCulture, $"{host}: no answer within {channel.TimeoutSeconds} s"));
        }
    }

    private static string Excerpt(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length == 0 ? "" : $": {(line.Length > 200 ? line[..200] + "…" : line)}";
    }
}
