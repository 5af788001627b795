namespace PxlScheduler.Core.Processes;

/// <summary>The result of running one child process: how it ended, its exit code when it has one, and why when it failed to start.</summary>
public sealed record ProcessOutcome(ProcessExit Exit, int? ExitCode, string? Error);
