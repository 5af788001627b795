namespace PxlScheduler.Core.Configuration;

/// <summary>The known planner modes by name (section <c>Modes</c>); an unknown mode is an error listing these.</summary>
public sealed class ModesOptions : Dictionary<string, ModeOptions>
{
    public const string SectionName = "Modes";

    public ModesOptions()
        : base(StringComparer.Ordinal)
    {
        // The default mode exists even without configuration; configuration may change its goal.
        this["experimental"] = new ModeOptions { Goal = "Explore the project and propose one small, safe improvement." };
    }
}
