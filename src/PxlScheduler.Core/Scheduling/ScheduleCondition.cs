namespace PxlScheduler.Core.Scheduling;

/// <summary>The state `pxl status` and the API show for a schedule, and why (a halt's reason, who paused it).</summary>
public sealed record ScheduleCondition(string State, string? Reason)
{
    public const string Halted = "halted";
    public const string Disabled = "disabled";
    public const string Paused = "paused";
    public const string StoppedByStopFile = "stopped by stop file";
    public const string Running = "running";
    public const string Normal = "normal";

    /// <summary>True when nothing fires the schedule by itself until someone acts: no next fire is shown.</summary>
    public bool Held => State is Halted or Paused or Disabled;
}
