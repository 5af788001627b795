namespace PxlScheduler.Bench.Perf;

/// <summary>
/// What a program cost from start to exit: wall time, CPU (user + system of it and of every child it waited
/// for, from wait4's rusage as GNU time reports it) and peak RSS (the largest single process of the tree).
/// </summary>
internal sealed record Usage(TimeSpan Wall, TimeSpan Cpu, double PeakRssMb);
