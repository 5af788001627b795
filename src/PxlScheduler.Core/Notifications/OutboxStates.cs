namespace PxlScheduler.Core.Notifications;

/// <summary>The <c>state</c> of an outbox row.</summary>
public static class OutboxStates
{
    /// <summary>Not yet delivered; tried again at <c>next_attempt_at</c>.</summary>
    public const string Pending = "pending";

    public const string Delivered = "delivered";

    /// <summary>Given up after <c>Notifications:RetryForMinutes</c>.</summary>
    public const string Failed = "failed";
}
