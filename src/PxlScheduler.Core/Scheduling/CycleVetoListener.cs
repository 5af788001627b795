using Microsoft.Extensions.Logging;
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
    public string Name => "pxl-cycle-veto";

    public ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var schedule = trigger.JobKey.Name;
        if (observers.Any(o => !o.AcceptsCycle(schedule)))
        {
            return ValueTask.FromResult(true);
        }

        if (stopFile.IsPresent)
        {
            SchedulingLog.StopFileVeto(logger, schedule, stopFile.Display);
            foreach (var observer in observers)
            {
                observer.StoppedByStopFile(schedule);
            }

            return ValueTask.FromResult(true);
        }

        if (CycleJobData.ReadHaltReason(context.JobDetail.JobDataMap) is { } halt && !IsManual(trigger))
        {
            SchedulingLog.HaltVeto(logger, schedule, halt);
            return ValueTask.FromResult(true);
        }

        if (trigger.Key.Equals(ScheduleKeys.Trigger(schedule))
            && CycleJobData.ReadBackoffUntil(context.JobDetail.JobDataMap) is { } until
            && Backoff.Holds(until, time.GetUtcNow(), CycleJobData.ReadSchedule(context.JobDetail.JobDataMap).BackoffMax))
        {
            SchedulingLog.BackoffVeto(logger, schedule, until);
            return ValueTask.FromResult(true);
        }

        return ValueTask.FromResult(false);
    }

    // `pxl trigger` runs a schedule once even while it is halted: the operator asked for exactly that.
    private static bool IsManual(ITrigger trigger) =>
        trigger.JobDataMap.GetString(CycleJobData.TriggerKindKey) == nameof(Cycles.TriggerKind.Manual);
}
