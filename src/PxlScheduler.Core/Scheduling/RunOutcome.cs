using PxlScheduler.Core.Cycles;

namespace PxlScheduler.Core.Scheduling;

/// <summary>How a `pxl run` session ended, with its last cycle (none when the stop file was there from the start).</summary>
public sealed record RunOutcome(RunEnd End, CycleResult? LastCycle, int Cycles);
