namespace PxlScheduler.Core.Configuration;

/// <summary>One planner mode: the goal it pursues and what it overrides of <see cref="CycleOptions"/>.</summary>
public sealed class ModeOptions
{
    public string Goal { get; set; } = "";

    public int? TimeoutSeconds { get; set; }

    public int? CapWrites { get; set; }
}
