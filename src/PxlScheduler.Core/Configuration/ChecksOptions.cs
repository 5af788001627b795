namespace PxlScheduler.Core.Configuration;

/// <summary>
/// The prerequisite checks (section <c>Checks</c>). Required checks run before every cycle and in
/// <c>pxl check</c>; optional ones only in <c>pxl check</c>, where their failure is a warning.
/// </summary>
public sealed class ChecksOptions
{
    public const string SectionName = "Checks";

    public List<CheckOptions> Required { get; set; } = [];

    public List<CheckOptions> Optional { get; set; } = [];
}
