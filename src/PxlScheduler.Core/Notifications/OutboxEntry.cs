namespace PxlScheduler.Core.Notifications;

/// <summary>One row of <c>pxl_notification_outbox</c>: one event for one channel, and how its delivery stands.</summary>
public sealed record OutboxEntry
{
    public required long Id { get; init; }

    public required string EventId { get; init; }

    public required string Event { get; init; }

    public required string Channel { get; init; }

    public required string Schedule { get; init; }

    public string? RunId { get; init; }

    /// <summary>The event as JSON (<see cref="NotificationJson"/>): what every attempt sends.</summary>
    public required string Payload { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary><see cref="OutboxStates"/>.</summary>
    public required string State { get; init; }

    public required int Attempts { get; init; }

    public required DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>What the receiver answered to the last failed attempt; never a secret.</summary>
    public string? LastError { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }
}
