namespace PxlScheduler.Core.Scheduling;

/// <summary>What `pxl resume` lifted: the failure count it reset, and the halt's reason when the schedule was halted.</summary>
public sealed record ResumeOutcome(int FailuresCleared, string? HaltLifted);
