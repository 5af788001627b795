namespace PxlScheduler.Core.Configuration;

/// <summary>
/// Where events (a halt, a failure, a recovery…) are sent (section <c>Notifications</c>, SPEC 14), and how long the
/// outbox goes on trying a delivery that fails.
/// </summary>
public sealed class NotificationsOptions
{
    public const string SectionName = "Notifications";

    /// <summary>The channels; env form <c>PXL_Notifications__Channels__0__Type</c>.</summary>
    public List<NotificationChannelOptions> Channels { get; set; } = [];

    /// <summary>How long after an event its delivery is retried before the row is marked failed.</summary>
    public double RetryForMinutes { get; set; } = 60;

    /// <summary>The delay after the first failed attempt; it doubles after each further one.</summary>
    public double RetryBaseSeconds { get; set; } = 10;

    /// <summary>The most the delay between two attempts grows to.</summary>
    public double RetryMaxSeconds { get; set; } = 600;

    /// <summary>How often serve looks for due deliveries (rows written by other processes: `pxl resume`, another node).</summary>
    public double PollSeconds { get; set; } = 1;

    /// <summary>How long past what its cadence implies a schedule may go without a run before <c>schedule.overdue</c>.</summary>
    public double OverdueGraceSeconds { get; set; } = 300;

    /// <summary>How often serve checks every schedule for being overdue.</summary>
    public double OverdueCheckSeconds { get; set; } = 60;

    /// <summary>How long a delivered or failed outbox row is kept (for `pxl notify list`) before serve's daily pass removes it.</summary>
    public double KeepDays { get; set; } = 30;
}
