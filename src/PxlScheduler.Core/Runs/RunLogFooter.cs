namespace PxlScheduler.Core.Runs;

/// <summary>How a cycle ended, as the last lines of its run log say.</summary>
internal sealed record RunLogFooter(CycleStatus Status, int? ExitCode, TimeSpan Duration, string? Error);
