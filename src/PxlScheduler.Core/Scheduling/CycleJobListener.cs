using Microsoft.Extensions.Logging;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Notifications;
using PxlScheduler.Core.Processes;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// PxlScheduler's own part after every cycle (SPEC 7, 9): judges the cycle against the schedule's
/// <see cref="ScheduleState"/>, records the run in the ledger and <c>latest.json</c>, and stores the new
/// state — halting the schedule through <see cref="ScheduleControl"/> when the count reaches <c>maxFailures</c>. The
/// run's notifications (a failure, a recovery, the halt) go with its record (SPEC 14).
/// </summary>
internal sealed class CycleJobListener(
    RunRecorder recorder,
    InFlightRuns inFlight,
    ScheduleControl control,
    Outbox outbox,
    NotificationEvents notifications,
    ScheduleEvents events,
    IEnumerable<ICycleObserver> observers,
    TimeProvider time,
    ILogger<CycleJobListener> logger) : IJobListener
{
    public string Name => "pxl-cycle-recorder";

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        if (context.Result is not CycleResult result)
        {
            // The cycle could not even start (its log or marker cannot be written): running on would fire it again and again.
            SchedulingLog.CycleCrashed(logger, context.JobDetail.Key.Name, jobException);
            // Quartz wraps what the job threw (in "Job threw an unhandled exception", and that once more): the innermost says what to fix.
            await HaltUnrecordedAsync(context, ScheduleState.Read(context.JobDetail.JobDataMap), null, $"a cycle could not run: {jobException?.GetBaseException().Message.TrimEnd('.') ?? "unknown error"}");
            return;
        }

        var data = context.JobDetail.JobDataMap;
        var schedule = CycleJobData.ReadSchedule(data);
        var state = ScheduleState.Read(data);
        // Backoff and the next fire count from the wall clock now, as Quartz will: finished_at is derived from
        // the monotonic duration and is off by the step when the wall clock was stepped during the cycle.
        var now = time.GetUtcNow();
        var verdict = FailurePolicy.Judge(
            schedule,
            state.ConsecutiveFailures,
            result.Status,
            result.Error,
            now,
            NextRegularFire(schedule, now));
        state = state.After(verdict, schedule.Kind, result.Status);
        state.WriteTo(data);

        // Recording and halting must finish even when the scheduler is shutting down: a cancelled run
        // is still a run, and a halt that is not stored would be forgotten at the next start.
        try
        {
            var notice = new RunNotice(schedule.Name, schedule.Notify, result.Request.RunId, result.Status, result.Error, verdict, now);
            await recorder.RecordAsync(result, verdict, notice, CancellationToken.None);
            CrashPoint.Hit(CrashPoint.AfterLatest);
            inFlight.End(result.Request.RunId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Never run a cycle that cannot be recorded: halt, and leave the in-flight marker for the next start.
            SchedulingLog.RecordFailed(logger, schedule.Name, result.Request.RunId, e);
            await HaltUnrecordedAsync(context, state, result.Request.RunId, $"run {result.Request.RunId} could not be recorded: {e.Message}");
            return;
        }
        events.Publish(new ScheduleEvent(ScheduleEvent.RunFinished, schedule.Name, now)
        {
            RunId = result.Request.RunId,
            StartedAt = result.StartedAt,
            Status = result.Status.ToWire(),
            DurationMs = (long)result.Duration.TotalMilliseconds,
            ConsecutiveFailures = verdict.ConsecutiveFailures,
        });
        if (verdict.HaltReason is { } reason)
        {
            control.HaltAfterFiring(context, state, reason);
        }
        else if (result.Status.IsFailure())
        {
            SchedulingLog.BackingOff(logger, schedule.Name, verdict.ConsecutiveFailures, verdict.NextFireAt);
            events.Publish(new ScheduleEvent(ScheduleEvent.Backoff, schedule.Name, now) { Until = verdict.NextFireAt, ConsecutiveFailures = verdict.ConsecutiveFailures });
        }

        if (schedule.Kind == ScheduleKind.Cron && result.Status != CycleStatus.Cancelled)
        {
            await ArmCronRetryAsync(context, schedule, state);
        }

        foreach (var observer in observers)
        {
            observer.CycleRecorded(result, verdict);
        }
    }

    private async Task HaltUnrecordedAsync(IJobExecutionContext context, ScheduleState state, string? runId, string reason)
    {
        control.HaltAfterFiring(context, state, reason);
        // No run's row records this halt: its event is stored on its own, as the state is.
        var schedule = CycleJobData.ReadSchedule(context.JobDetail.JobDataMap);
        var halted = notifications.Halted(schedule.Name, reason, runId, state.ConsecutiveFailures);
        try
        {
            await outbox.RecordAsync(halted, schedule.Notify, CancellationToken.None);
        }
        catch (System.Data.Common.DbException e)
        {
            NotificationsLog.EventNotStored(logger, halted.Event, schedule.Name, e.Message);
        }

        foreach (var observer in observers)
        {
            observer.CycleUnrecorded(context.JobDetail.Key.Name, reason);
        }
    }

    /// <summary>
    /// Cron backoff (SPEC 7): after a failure that did not halt, a one-shot retry trigger at the end of the backoff
    /// window the state now holds (the veto listener skips the cron fires inside it). A success or a halt closes
    /// the window and drops a pending retry.
    /// </summary>
    private static async Task ArmCronRetryAsync(IJobExecutionContext context, ScheduleDefinition schedule, ScheduleState state)
    {
        var retryKey = ScheduleKeys.Retry(schedule.Name);
        if (state.BackoffUntil is not { } retryAt)
        {
            await context.Scheduler.UnscheduleJob(retryKey, CancellationToken.None);
            return;
        }

        var retry = TriggerBuilder.Create()
            .WithIdentity(retryKey)
            .ForJob(context.JobDetail.Key)
            .UsingJobData(CycleJobData.TriggerKindKey, nameof(TriggerKind.Retry))
            .StartAt(retryAt)
            .Build();
        await context.Scheduler.ScheduleJob(retry, new ScheduleJobOptions { Replace = true }, CancellationToken.None);
    }

    private static DateTimeOffset? NextRegularFire(ScheduleDefinition schedule, DateTimeOffset after) =>
        schedule.Kind == ScheduleKind.Continuous
            ? after + schedule.Sleep
            : FireTimes.Next(schedule, after, 1) is [var next] ? next : null;
}
