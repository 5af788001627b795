using Microsoft.Extensions.Logging;
using PxlScheduler.Core.Notifications;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// What can be done to a schedule in the store — halt, pause, resume, trigger — with its <see cref="ScheduleState"/>
/// and Quartz's pause kept in step. The job listener, interrupted-run recovery, the CLI and the HTTP API all go
/// through here, so a halt or a resume means the same whoever asks for it.
/// </summary>
internal sealed class ScheduleControl(TimeProvider time, Outbox outbox, NotificationEvents notifications, ScheduleEvents events, ILogger<ScheduleControl> logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan FiringLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Halts from inside the firing that halted it: the state is written to the firing's job data (stored when the
    /// firing completes), and the triggers are paused once that firing is over. Paused from inside the firing, a
    /// continuous trigger would be set back to waiting when Quartz stores its next fire time; until the pause lands
    /// (and if it fails) the halt reason makes the veto listener refuse every fire.
    /// </summary>
    public void HaltAfterFiring(IJobExecutionContext context, ScheduleState state, string reason)
    {
        state.HaltedBecause(reason).WriteTo(context.JobDetail.JobDataMap);
        SchedulingLog.Halted(logger, context.JobDetail.Key.Name, reason);
        Publish(ScheduleEvent.Halted, context.JobDetail.Key.Name, reason);
        _ = PauseWhenFiredAsync(context.Scheduler, context.JobDetail.Key, context.Trigger.Key, reason);
    }

    /// <summary>
    /// Halts a schedule that is not running (a run found interrupted at start): state stored, triggers paused. Its
    /// <c>schedule.halted</c> went with the interrupted run's row.
    /// </summary>
    public async Task HaltAsync(IScheduler scheduler, IJobDetail job, ScheduleState state, string reason, CancellationToken cancellationToken)
    {
        await StoreAsync(scheduler, job, state.HaltedBecause(reason), cancellationToken);
        await scheduler.PauseJobWith(job.Key, HaltPause(reason), cancellationToken);
        SchedulingLog.Halted(logger, job.Key.Name, reason);
        Publish(ScheduleEvent.Halted, job.Key.Name, reason);
    }

    /// <summary>Replaces the stored state of a schedule that is not running.</summary>
    public static async Task StoreAsync(IScheduler scheduler, IJobDetail job, ScheduleState state, CancellationToken cancellationToken)
    {
        var updated = job.GetJobBuilder().Build();
        state.WriteTo(updated.JobDataMap);
        await scheduler.AddJob(updated, new AddJobOptions { Replace = true }, cancellationToken);
    }

    /// <summary>`pxl pause`: the schedule's triggers paused in the store; a running serve stops firing it at once.</summary>
    public async Task PauseAsync(IScheduler scheduler, JobKey job, string requestedBy, CancellationToken cancellationToken)
    {
        var reason = $"paused by {requestedBy}";
        await scheduler.PauseJobWith(job, new PauseDetails { Reason = reason, RequestedBy = PauseRequesters.Operator }, cancellationToken);
        SchedulingLog.Paused(logger, job.Name, reason);
        Publish(ScheduleEvent.Paused, job.Name, reason);
    }

    /// <summary>Why `pxl resume` must leave the schedule as it is, or null: its file disables it, and the next start of serve would pause it again.</summary>
    public static string? ResumeRefusal(IJobDetail job) =>
        CycleJobData.ReadSchedule(job.JobDataMap) is { Enabled: false } schedule
            ? $"{schedule.Name} is disabled in {schedule.SourceFile}; set \"enabled\": true there, and serve resumes it at its next start."
            : null;

    /// <summary>
    /// `pxl resume`: lifts a pause or a halt and clears the failure count and any backoff window (SPEC 7). A
    /// continuous schedule that was failing gets a new trigger due now: its backoff is its trigger's (the next fire
    /// at end + backoff, and Quartz's retry count, which would go on doubling), and a new trigger starts both afresh.
    /// Raises <c>schedule.resumed</c> once the state is stored.
    /// </summary>
    public async Task<ResumeOutcome> ResumeAsync(IScheduler scheduler, IJobDetail job, CancellationToken cancellationToken)
    {
        var before = ScheduleState.Read(job.JobDataMap);
        await StoreAsync(scheduler, job, ScheduleState.Clear, cancellationToken);
        await scheduler.UnscheduleJob(ScheduleKeys.Retry(job.Key.Name), cancellationToken);
        await scheduler.ResumeJob(job.Key, cancellationToken);
        var schedule = CycleJobData.ReadSchedule(job.JobDataMap);
        if (schedule.Kind == ScheduleKind.Continuous && before.ConsecutiveFailures > 0)
        {
            await scheduler.RescheduleJob(
                ScheduleKeys.Trigger(schedule.Name),
                ScheduleTriggers.BuildTrigger(schedule, TriggerKind.Continuous, time.GetUtcNow()),
                cancellationToken);
        }

        SchedulingLog.Resumed(logger, job.Key.Name, before.ConsecutiveFailures, before.HaltReason is { } halt ? $"; halt lifted ({halt})" : "");
        Publish(ScheduleEvent.Resumed, job.Key.Name, before.HaltReason);
        var resumed = notifications.Resumed(schedule.Name, before.HaltReason, before.ConsecutiveFailures);
        try
        {
            await outbox.RecordAsync(resumed, schedule.Notify, cancellationToken);
        }
        catch (System.Data.Common.DbException e)
        {
            NotificationsLog.EventNotStored(logger, resumed.Event, schedule.Name, e.Message);
        }

        return new ResumeOutcome(before.ConsecutiveFailures, before.HaltReason);
    }

    /// <summary>`pxl trigger`: one run now, through the store; it runs even while the schedule is paused or halted.</summary>
    public async Task TriggerAsync(IScheduler scheduler, JobKey job, CancellationToken cancellationToken)
    {
        await scheduler.TriggerJob(job, new JobDataMap { [CycleJobData.TriggerKindKey] = nameof(TriggerKind.Manual) }, cancellationToken);
        SchedulingLog.Triggered(logger, job.Name);
    }

    private void Publish(string type, string schedule, string? reason) =>
        events.Publish(new ScheduleEvent(type, schedule, time.GetUtcNow()) { Reason = reason });

    private static PauseDetails HaltPause(string reason) => new() { Reason = reason, RequestedBy = PauseRequesters.Halt };

    private async Task PauseWhenFiredAsync(IScheduler scheduler, JobKey job, TriggerKey firing, string reason)
    {
        try
        {
            var started = time.GetTimestamp();
            while (await scheduler.GetTriggerState(firing, CancellationToken.None) is TriggerState.Blocked or TriggerState.Executing
                && time.GetElapsedTime(started) < FiringLimit)
            {
                await Task.Delay(Poll, time, CancellationToken.None);
            }

            await scheduler.PauseJobWith(job, HaltPause(reason), CancellationToken.None);
        }
        catch (SchedulerException e)
        {
            SchedulingLog.HaltPauseFailed(logger, job.Name, e);
        }
    }
}
