using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Scheduling;

/// <summary>How a `pxl run` session ended, with its last cycle (none when the stop file was there from the start).</summary>
/// <param name="End">Why it ended.</param>
/// <param name="LastCycle">The last cycle that finished, recorded or not.</param>
/// <param name="Cycles">How many cycles finished.</param>
/// <param name="Problem">For <see cref="RunEnd.Unrecorded"/>, what could not be written.</param>
public sealed record RunOutcome(RunEnd End, CycleResult? LastCycle, int Cycles, string? Problem = null);
