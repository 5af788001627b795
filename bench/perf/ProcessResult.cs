namespace PxlScheduler.Bench.Perf;

/// <summary>How a program ended: its exit code, stdout and stderr together, and its wall time.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, TimeSpan Elapsed);
