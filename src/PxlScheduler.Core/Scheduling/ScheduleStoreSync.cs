using Microsoft.Extensions.Logging;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;
using Quartz.Extensibility;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Brings the Quartz store in line with the schedule files (SPEC 5, last paragraph): new schedules
/// added, changed ones replaced, removed ones deleted. A pause survives everything but `pxl resume`:
/// a replaced trigger is stored paused with the same reason and requester, and the failure count
/// carries over, so a halted schedule stays halted across restarts and edits. Only `"enabled": false`
/// pauses (and re-enabling resumes) — and only its own pause, never a halt or an operator's.
/// </summary>
internal sealed class ScheduleStoreSync(TimeProvider time, ILogger<ScheduleStoreSync> logger)
{
    public async Task<StoreSyncReport> SyncAsync(IScheduler scheduler, IReadOnlyList<ScheduleDefinition> schedules, CancellationToken cancellationToken)
    {
        var added = new List<string>();
        var updated = new List<string>();
        var unchanged = new List<string>();
        var paused = new List<string>();
        var wanted = schedules.ToDictionary(s => s.Name, StringComparer.Ordinal);

        var removed = new List<string>();
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(ScheduleKeys.Group), cancellationToken))
        {
            if (!wanted.ContainsKey(key.Name))
            {
                await scheduler.DeleteJob(key, cancellationToken);
                await scheduler.DeleteCalendar(ScheduleKeys.Calendar(key.Name), cancellationToken);
                removed.Add(key.Name);
            }
        }

        foreach (var schedule in schedules)
        {
            var stored = await scheduler.GetJobDetail(ScheduleKeys.Job(schedule.Name), cancellationToken);
            var job = ScheduleTriggers.BuildJob(schedule);
            var hold = stored is null ? null : await CurrentHoldAsync(scheduler, stored, job, cancellationToken);
            var wantedHold = hold is { RequestedBy: not PauseRequesters.Disabled }
                ? hold
                : schedule.Enabled ? null : new PauseDetails { Reason = $"disabled in {schedule.SourceFile}", RequestedBy = PauseRequesters.Disabled };

            var triggerKey = ScheduleKeys.Trigger(schedule.Name);
            var changed = stored is null
                || stored.JobDataMap.GetString(CycleJobData.ScheduleKey) != job.JobDataMap.GetString(CycleJobData.ScheduleKey)
                || !await scheduler.Exists(triggerKey, cancellationToken);
            if (changed)
            {
                if (ScheduleTriggers.BuildCalendar(schedule) is { } calendar)
                {
                    await scheduler.AddCalendar(ScheduleKeys.Calendar(schedule.Name), calendar, new AddCalendarOptions { Replace = true, UpdateTriggers = true }, cancellationToken);
                }

                var kind = schedule.Kind == ScheduleKind.Continuous ? TriggerKind.Continuous : TriggerKind.Cron;
                var options = wantedHold is null
                    ? new ScheduleJobOptions { Replace = true }
                    : new ScheduleJobOptions { Replace = true, PauseReason = wantedHold.Reason, PauseRequestedBy = wantedHold.RequestedBy };
                await scheduler.ScheduleJob(job, await NewTriggerAsync(scheduler, schedule, kind, stored, cancellationToken), options, cancellationToken);
                if (wantedHold is null && hold is not null)
                {
                    // Replacing a paused trigger may keep it paused; re-enabled in the file means running again.
                    await scheduler.ResumeJob(job.Key, cancellationToken);
                }
                (stored is null ? added : updated).Add(schedule.Name);
            }
            else
            {
                unchanged.Add(schedule.Name);
                if (wantedHold is not null)
                {
                    // A trigger already paused keeps the pause it had; this only adds a missing one.
                    await scheduler.PauseJobWith(job.Key, wantedHold, cancellationToken);
                }
                else if (hold is not null)
                {
                    await scheduler.ResumeJob(job.Key, cancellationToken);
                }
            }

            if (wantedHold is not null)
            {
                paused.Add(schedule.Name);
            }
        }

        SchedulingLog.StoreSynced(logger, schedules.Count, added.Count, updated.Count, removed.Count, string.Join(", ", paused));
        return new StoreSyncReport(added, updated, removed, unchanged, paused);
    }

    /// <summary>
    /// The trigger of a new or changed schedule, due now; except that a continuous schedule backing off keeps its
    /// window: its backoff lives in its trigger (the next fire at end + backoff, and Quartz's count of retries,
    /// which sets the next wait), and a trigger made afresh would run it at once and then back off from the base.
    /// </summary>
    private async Task<ITrigger> NewTriggerAsync(IScheduler scheduler, ScheduleDefinition schedule, TriggerKind kind, IJobDetail? stored, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (schedule.Kind != ScheduleKind.Continuous
            || stored is null
            || ScheduleState.Read(stored.JobDataMap).ConsecutiveFailures == 0
            || await scheduler.GetTrigger(ScheduleKeys.Trigger(schedule.Name), cancellationToken) is not { } old
            || old.NextFireTimeUtc is not { } next
            || next <= now)
        {
            return ScheduleTriggers.BuildTrigger(schedule, kind, now);
        }

        var trigger = ScheduleTriggers.BuildTrigger(schedule, kind, next);
        ((IMutableTrigger)trigger).RetryAttempt = old.RetryAttempt;
        return trigger;
    }

    /// <summary>
    /// How the stored schedule is held now (null: it runs; see <see cref="ScheduleState.Hold"/>), carrying its
    /// state over into <paramref name="job"/>.
    /// </summary>
    private static async Task<PauseDetails?> CurrentHoldAsync(IScheduler scheduler, IJobDetail stored, IJobDetail job, CancellationToken cancellationToken)
    {
        var state = ScheduleState.Read(stored.JobDataMap);
        state.WriteTo(job.JobDataMap);

        var triggerKey = ScheduleKeys.Trigger(stored.Key.Name);
        var paused = await scheduler.GetTriggerState(triggerKey, cancellationToken) == TriggerState.Paused;
        return state.Hold(paused, paused ? await scheduler.GetTriggerPause(triggerKey, cancellationToken) : null);
    }
}
