using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Something that follows the cycles of a running scheduler and may refuse further ones — how
/// `pxl run` counts its iterations and learns of a halt or the stop file.
/// </summary>
internal interface ICycleObserver
{
    /// <summary>Whether a fire of <paramref name="schedule"/> may still start a cycle.</summary>
    bool AcceptsCycle(string schedule);

    void CycleRecorded(CycleResult result, CycleVerdict verdict);

    void StoppedByStopFile(string schedule);

    /// <summary>A cycle ended without a record (the ledger or the state directory cannot be written); the schedule is halted.</summary>
    void CycleUnrecorded(string schedule, string reason);
}
