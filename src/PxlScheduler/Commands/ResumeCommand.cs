using System.CommandLine;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;
using PxlScheduler.Core.Scheduling;
using Quartz;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl resume NAME`: resumes a paused or halted schedule, clearing the halt, the failure count and any
/// backoff window (SPEC 7). A running `serve` notices at its next poll, within about a second.
/// </summary>
internal static class ResumeCommand
{
    public static Command Create(CliContext cli) => NamedScheduleCommand.Create(
        cli,
        "resume",
        "Resume a paused or halted schedule and reset its failure count (works while serve runs).",
        async (store, job, cancellationToken) =>
        {
            var failures = CycleJobData.ReadConsecutiveFailures(job.JobDataMap);
            var halt = CycleJobData.ReadHaltReason(job.JobDataMap);
            var cleared = job.GetJobBuilder().Build();
            CycleJobData.WriteConsecutiveFailures(cleared.JobDataMap, 0);
            CycleJobData.WriteHaltReason(cleared.JobDataMap, null);
            CycleJobData.WriteBackoffUntil(cleared.JobDataMap, null);
            await store.Scheduler.AddJob(cleared, new AddJobOptions { Replace = true }, cancellationToken);
            await store.Scheduler.UnscheduleJob(ScheduleKeys.Retry(job.Key.Name), cancellationToken);
            await store.Scheduler.ResumeJob(job.Key, cancellationToken);
            var schedule = CycleJobData.ReadSchedule(job.JobDataMap);
            if (schedule.Kind == ScheduleKind.Continuous && failures > 0)
            {
                // A continuous schedule's backoff is its trigger's: the next fire at end + backoff and Quartz's count of
                // retries, which would go on doubling. A new trigger, due now, starts both afresh.
                await store.Scheduler.RescheduleJob(
                    ScheduleKeys.Trigger(schedule.Name),
                    ScheduleTriggers.BuildTrigger(schedule, TriggerKind.Continuous, store.Scheduler.TimeProvider.GetUtcNow()),
                    cancellationToken);
            }

            return halt is null
                ? $"resumed {job.Key.Name}; failure count reset from {failures}"
                : $"resumed {job.Key.Name}; halt lifted ({halt}); failure count reset from {failures}";
        },
        // Its file keeps it paused: resuming it here would run it until the next start of serve paused it again.
        job => CycleJobData.ReadSchedule(job.JobDataMap) is { Enabled: false } schedule
            ? $"{schedule.Name} is disabled in {schedule.SourceFile}; set \"enabled\": true there, and serve resumes it at its next start."
            : null);
}
