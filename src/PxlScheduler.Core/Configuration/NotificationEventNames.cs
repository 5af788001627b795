namespace PxlScheduler.Core.Configuration;

/// <summary>The events notifications know (SPEC 14), by their full names; a channel may name them without the prefix.</summary>
public static class NotificationEventNames
{
    public const string Halted = "schedule.halted";
    public const string Resumed = "schedule.resumed";
    public const string Backoff = "schedule.backoff";
    public const string Overdue = "schedule.overdue";
    public const string Failed = "run.failed";
    public const string Recovered = "run.recovered";
    public const string Timeout = "run.timeout";
    public const string StartFailed = "run.start_failed";

    /// <summary>What <c>pxl notify test</c> sends; never routed to a channel by its <c>Events</c>.</summary>
    public const string Test = "notify.test";

    public static readonly IReadOnlyList<string> All = [Halted, Resumed, Backoff, Overdue, Failed, Recovered, Timeout, StartFailed];

    /// <summary>The full name of <paramref name="name"/> (<c>halted</c> → <c>schedule.halted</c>), or null when it is not an event.</summary>
    public static string? Normalize(string? name) =>
        All.FirstOrDefault(e => string.Equals(e, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(e[(e.IndexOf('.', StringComparison.Ordinal) + 1)..], name, StringComparison.OrdinalIgnoreCase));
}
