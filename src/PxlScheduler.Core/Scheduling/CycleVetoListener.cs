using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Decides at fire time whether a cycle may start (SPEC 6 step 1, SPEC 8): never while the stop file
/// exists, never once an observer (such as `pxl run`'s iteration budget) has had enough, and never
/// for a cron fire inside the schedule's backoff window after a failure (SPEC 7).
/// </summary>
internal sealed class CycleVetoListener(
    StopFile stopFile,
    IEnumerable<ICycleObserver> observers,
    TimeProvider time,
    ILogger<CycleVetoListener> logger) : ITriggerListener
{
    /// <summary>
    /// How long a continuous schedule's vetoed fire holds its Quartz thread while the stop file exists: its next fire
    /// comes at end + sleep, and with a sleep of 0 that was hundreds of vetoes (and warnings) a second.
    /// </summary>
    private static readonly TimeSpan StopFileRecheck = TimeSpan.FromSeconds(1);

    /// <summary>The schedules whose fires the stop file is skipping: each is warned about once per stop.</summary>
    private readonly ConcurrentDictionary<string, byte> _stopped = new(StringComparer.Ordinal);

    public string Name => "pxl-cycle-veto";

    public async ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var schedule = trigger.JobKey.Name;
        if (observers.Any(o => !o.AcceptsCycle(schedule)))
        {
            return true;
        }

        if (stopFile.IsPresent)
        {
            await StopFileVetoAsync(schedule, context, cancellationToken);
            return true;
        }

        _stopped.TryRemove(schedule, out _);

        var state = ScheduleState.Read(context.JobDetail.JobDataMap);
        if (state.HaltReason is { } halt && !IsManual(trigger))
        {
            SchedulingLog.HaltVeto(logger, schedule, halt);
            return true;
        }

        if (trigger.Key.Equals(ScheduleKeys.Trigger(schedule))
            && state.BacksOff(time.GetUtcNow(), CycleJobData.ReadSchedule(context.JobDetail.JobDataMap)))
        {
            SchedulingLog.BackoffVeto(logger, schedule, state.BackoffUntil!.Value);
            return true;
        }

        return false;
    }

    private async Task StopFileVetoAsync(string schedule, IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (_stopped.TryAdd(schedule, 0))
        {
            SchedulingLog.StopFileVeto(logger, schedule, stopFile.Display);
        }

        foreach (var observer in observers)
        {
            observer.StoppedByStopFile(schedule);
        }

        if (CycleJobData.ReadSchedule(context.JobDetail.JobDataMap).Kind == ScheduleKind.Continuous)
        {
            try
            {
                await Task.Delay(StopFileRecheck, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Shutting down: the fire is vetoed all the same.
            }
        }
    }

    // `pxl trigger` runs a schedule once even while it is halted: the operator asked for exactly that.
    private static bool IsManual(ITrigger trigger) =>
        trigger.JobDataMap.GetString(CycleJobData.TriggerKindKey) == nameof(TriggerKind.Manual);
}
