namespace PxlScheduler.Bench.Perf;

/// <summary>One row of the table: what was measured, the reference measured in the same run, their ratio, the goal and whether it is met.</summary>
internal sealed record Figure(string Name, string Measured, string Reference, string Ratio, string Goal, bool? Met)
{
    /// <summary>A row for a measurement that could not be taken, saying why.</summary>
    public static Figure NotMeasured(string name, string goal, string why) => new(name, "not measured: " + why, "", "", goal, null);

    public string MetText => Met switch
    {
        true => "yes",
        false => "**no**",
        null => "",
    };
}
