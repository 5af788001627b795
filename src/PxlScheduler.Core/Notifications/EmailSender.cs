using System.Globalization;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Core.Notifications;

/// <summary>
/// An <c>email</c> channel: one message over SMTP through MailKit, STARTTLS when the channel asks for it, a login when
/// it has a <c>User</c>; the server's reply to the message is the answer. The password never leaves the login.
/// </summary>
internal sealed class EmailSender : IChannelSender
{
    public string Type => "email";

    public async Task<DeliveryAnswer> SendAsync(NotificationChannelOptions channel, NotificationEvent notification, string payload, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(channel.From!));
        foreach (var to in channel.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = NotificationText.Summary(notification);
        message.Headers.Add("X-Pxl-Event-Id", notification.Id);
        message.Headers.Add("X-Pxl-Event", notification.Event);
        message.Body = new TextPart("plain") { Text = NotificationText.Body(notification, payload) };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(channel.TimeoutSeconds));
        var port = channel.Port ?? (channel.StartTls ? 587 : 25);
        var server = string.Create(CultureInfo.InvariantCulture, $"{channel.Host}:{port}");
        using var client = new SmtpClient { Timeout = (int)(channel.TimeoutSeconds * 1000) };
        try
        {
            await client.ConnectAsync(channel.Host!, port, channel.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, timeout.Token);
            if (!string.IsNullOrEmpty(channel.User))
            {
                await client.AuthenticateAsync(channel.User, channel.Password ?? "", timeout.Token);
            }

            var reply = await client.SendAsync(message, timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
            return new DeliveryAnswer(true, $"{server}: {reply.ReplaceLineEndings(" ").Trim()}");
        }
        catch (SmtpCommandException e)
        {
            return new DeliveryAnswer(false, string.Create(CultureInfo.InvariantCulture, $"{server}: SMTP {(int)e.StatusCode} {e.Message}"));
        }
        catch (AuthenticationException e)
        {
            return new DeliveryAnswer(false, $"{server}: login as {channel.User} refused: {e.Message}");
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or SslHandshakeException or ServiceNotConnectedException)
        {
            return new DeliveryAnswer(false, $"{server}: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryAnswer(false, string.Create(CultureInfo.InvariantCulture, $"{server}: no answer within {channel.TimeoutSeconds} s"));
        }
    }
}
