namespace PxlScheduler.Core.Notifications;

/// <summary>What a channel's receiver answered to one attempt: taken or not, and its words (a status code, an SMTP reply, an exit code).</summary>
public sealed record DeliveryAnswer(bool Delivered, string Answer);
