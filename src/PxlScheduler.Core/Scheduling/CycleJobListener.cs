using Microsoft.Extensions.Logging;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Schedules;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// PxlScheduler's own part after every cycle (SPEC 7, 9): keeps the consecutive-failure count in the
/// job's data map, records the run in the ledger and <c>latest.json</c>, and halts the schedule —
/// its triggers paused in the store, with the reason — when the count reaches <c>maxFailures</c>.
/// </summary>
internal sealed class CycleJobListener(
    RunRecorder recorder,
    IEnumerable<ICycleObserver> observers,
    ILogger<CycleJobListener> logger) : IJobListener
{
    public const string HaltRequester = "pxl:halt";

    public string Name => "pxl-cycle-recorder";

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        if (context.Result is not CycleResult result)
        {
            SchedulingLog.CycleCrashed(logger, context.JobDetail.Key.Name, jobException);
            return;
        }

        var data = context.JobDetail.JobDataMap;
        var schedule = CycleJobData.ReadSchedule(data);
        var verdict = FailurePolicy.Judge(
            schedule,
            CycleJobData.ReadConsecutiveFailures(data),
            result.Status,
            result.Error,
            result.FinishedAt,
            NextRegularFire(schedule, context.Trigger, result.FinishedAt));
        CycleJobData.WriteConsecutiveFailures(data, verdict.ConsecutiveFailures);

        // Recording and halting must finish even when the scheduler is shutting down: a cancelled run
        // is still a run, and a halt that is not stored would be forgotten at the next start.
        await recorder.RecordAsync(result, verdict, CancellationToken.None);
        if (verdict.HaltReason is { } reason)
        {
            await context.Scheduler.PauseJobWith(
                context.JobDetail.Key,
                new PauseDetails { Reason = reason, RequestedBy = HaltRequester },
                CancellationToken.None);
            SchedulingLog.Halted(logger, schedule.Name, reason);
        }
        else if (result.Status.IsFailure())
        {
            SchedulingLog.BackingOff(logger, schedule.Name, verdict.ConsecutiveFailures, verdict.NextFireAt);
        }

        foreach (var observer in observers)
        {
            observer.CycleRecorded(result, verdict);
        }
    }

    private static DateTimeOffset? NextRegularFire(ScheduleDefinition schedule, ITrigger trigger, DateTimeOffset finishedAt) =>
        schedule.Kind == ScheduleKind.Continuous ? finishedAt + schedule.Sleep : trigger.GetFireTimeAfter(finishedAt);
}
