namespace PxlScheduler.Core.Checks;

/// <summary>
/// One prerequisite: its name, whether a failure blocks (required) or only warns (optional), the hint
/// shown when it fails, and the probe that tries it.
/// </summary>
internal sealed record PrerequisiteCheck(string Name, bool Required, string? Hint, Func<CancellationToken, Task<CheckProbe>> Probe);
