namespace PxlScheduler.Core.Scheduling;

/// <summary>The state `pxl status` and the API show for a schedule, and why (a halt's reason, who paused it).</summary>
/// <param name="State">One of the constants below, or <c>backing off until T</c>.</param>
/// <param name="Reason">Why, where there is a reason.</param>
/// <param name="BackoffUntil">When the state is backing off: the instant it ends.</param>
public sealed record ScheduleCondition(string State, string? Reason, DateTimeOffset? BackoffUntil = null)
{
    public const string Halted = "halted";
    public const string Disabled = "disabled";
    public const string Paused = "paused";
    public const string StoppedByStopFile = "stopped by stop file";
    public const string Running = "running";
    public const string Normal = "normal";

    /// <summary>The label of a backing-off state in metrics (its <see cref="State"/> carries the instant).</summary>
    public const string BackingOff = "backing off";

    /// <summary>Every state a schedule can be in, as metrics label it: the constants above, the backoff without its instant.</summary>
    public static IReadOnlyList<string> States { get; } = [Normal, Running, BackingOff, Paused, Halted, Disabled, StoppedByStopFile];

    /// <summary>The state without the instant: one of <see cref="States"/>.</summary>
    public string Phase => BackoffUntil is null ? State : BackingOff;

    /// <summary>True when nothing fires the schedule by itself until someone acts: no next fire is shown.</summary>
    public bool Held => State is Halted or Paused or Disabled;
}
