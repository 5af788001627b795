using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Schedules;

namespace PxlScheduler.Core.Notifications;

/// <summary>
/// Serve's delivery loop: every <c>Notifications:PollSeconds</c> (at once when this process wrote a row) it claims the
/// due rows and makes one attempt each; a failed attempt is tried again after min(base × 2^(n−1), max), until
/// <c>Notifications:RetryForMinutes</c> after the event, then the row is marked failed and an error logged. A row
/// survives a crash as it was, so a killed serve delivers it after its restart under the same event id.
/// </summary>
internal sealed class OutboxDispatcher(
    Outbox outbox,
    ChannelRouting routing,
    IEnumerable<IChannelSender> senders,
    IOptions<NotificationsOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int Batch = 20;

    /// <summary>How long a claim holds another node off: beyond the longest attempt, so a live node keeps its row.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(11);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        var released = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!released)
                {
                    if (await outbox.ReleaseClaimsAsync(stoppingToken) is var count and > 0)
                    {
                        NotificationsLog.ClaimsReleased(logger, count);
                    }

                    released = true;
                }

                while (await DeliverDueAsync(stoppingToken) == Batch)
                {
                    // A full batch: there may be more due now.
                }
            }
            catch (DbException e)
            {
                NotificationsLog.OutboxUnreachable(logger, e.Message);
            }

            try
            {
                await outbox.WaitForWritesAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the due rows; how many it claimed.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await outbox.ClaimDueAsync(now, now + Lease, Batch, cancellationToken);
        foreach (var entry in due)
        {
            await DeliverAsync(entry, cancellationToken);
        }

        return due.Count;
    }

    private async Task DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var attempt = entry.Attempts + 1;
        if (routing.Find(entry.Channel) is not { } channel)
        {
            NotificationsLog.UnknownChannel(logger, entry.EventId, entry.Channel);
            await outbox.FailedAsync(entry.Id, entry.Attempts, $"channel {entry.Channel} is no longer configured", CancellationToken.None);
            return;
        }

        var sender = senders.First(s => string.Equals(s.Type, channel.Type, StringComparison.OrdinalIgnoreCase));
        DeliveryAnswer answer;
        try
        {
            answer = await sender.SendAsync(channel, NotificationJson.Deserialize(entry.Payload), entry.Payload, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the claim is released at the next start, and the attempt made again.
            return;
        }

        // The outcome is stored even while stopping: an attempt that was made is counted, a delivery not repeated.
        var now = time.GetUtcNow();
        if (answer.Delivered)
        {
            await outbox.DeliveredAsync(entry.Id, attempt, now, CancellationToken.None);
            NotificationsLog.Delivered(logger, entry.Event, entry.EventId, entry.Schedule, entry.Channel, attempt, answer.Answer);
            return;
        }

        var retryFor = TimeSpan.FromMinutes(options.Value.RetryForMinutes);
        var next = now + Backoff.Delay(attempt, TimeSpan.FromSeconds(options.Value.RetryBaseSeconds), TimeSpan.FromSeconds(options.Value.RetryMaxSeconds));
        if (next > entry.CreatedAt + retryFor)
        {
            await outbox.FailedAsync(entry.Id, attempt, answer.Answer, CancellationToken.None);
            NotificationsLog.GaveUp(logger, entry.Event, entry.EventId, entry.Schedule, entry.Channel, attempt, options.Value.RetryForMinutes, answer.Answer);
            return;
        }

        await outbox.RetryLaterAsync(entry.Id, attempt, next, answer.Answer, CancellationToken.None);
        NotificationsLog.WillRetry(logger, entry.Event, entry.EventId, entry.Schedule, entry.Channel, attempt, answer.Answer, next);
    }
}
