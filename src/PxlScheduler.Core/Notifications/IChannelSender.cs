using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Core.Notifications;

/// <summary>Makes one attempt to hand an event to a channel of its <see cref="Type"/>; the outbox does the retries.</summary>
internal interface IChannelSender
{
    /// <summary>The <c>Type</c> of the channels it serves: <c>webhook</c>, <c>command</c> or <c>email</c>.</summary>
    string Type { get; }

    /// <summary>One attempt, at most the channel's <c>TimeoutSeconds</c>; a failure is an answer, not an exception.</summary>
    Task<DeliveryAnswer> SendAsync(NotificationChannelOptions channel, NotificationEvent notification, string payload, CancellationToken cancellationToken);
}
