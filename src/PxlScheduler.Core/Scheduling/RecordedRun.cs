using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Where a run found unfinished at start is recorded already: its line in this node's JSONL (the crash came after
/// the append), or, on a cluster, the shared mirror's row another node wrote while this one was down. Neither: null.
/// </summary>
internal sealed record RecordedRun(string? JsonlLine, RunRecord? ByAnotherNode);
