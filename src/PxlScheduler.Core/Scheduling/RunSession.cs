using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Follows the cycles of one `pxl run`: counts iterations (a retry after a failure counts too), and
/// ends the session after the last one, on a halt, on the stop file, or on a cancelled cycle.
/// Once ended it refuses further fires, so a back-to-back trigger cannot slip in one more cycle.
/// </summary>
internal sealed class RunSession(int? iterations) : ICycleObserver
{
    private readonly TaskCompletionSource<RunOutcome> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private CycleResult? _last;
    private int _cycles;

    public Task<RunOutcome> Completion => _done.Task;

    public bool AcceptsCycle(string schedule) => !_done.Task.IsCompleted;

    public void CycleRecorded(CycleResult result, CycleVerdict verdict)
    {
        lock (_gate)
        {
            _last = result;
            _cycles++;
            if (verdict.Halted)
            {
                End(RunEnd.Halted);
            }
            else if (result.Status == CycleStatus.Cancelled)
            {
                End(RunEnd.Cancelled);
            }
            else if (_cycles >= iterations)
            {
                End(RunEnd.Completed);
            }
        }
    }

    public void StoppedByStopFile(string schedule)
    {
        lock (_gate)
        {
            End(RunEnd.StoppedByStopFile);
        }
    }

    public void CycleUnrecorded(string schedule, string reason)
    {
        lock (_gate)
        {
            _done.TrySetResult(new RunOutcome(RunEnd.Unrecorded, _last, _cycles, reason));
        }
    }

    /// <summary>Ends the session as cancelled when shutdown came before any cycle could report.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            End(RunEnd.Cancelled);
        }
    }

    private void End(RunEnd end) => _done.TrySetResult(new RunOutcome(end, _last, _cycles));
}
