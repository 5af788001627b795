using PxlScheduler.Core.Schedules;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// When a schedule that should be running on its own has gone too long without a run (readiness, SPEC 12): counted
/// from its last run's start, or from serve's start when it has none.
/// </summary>
/// <remarks>
/// A cron schedule may miss one fire (a skipped misfire, a veto during its backoff) without alarm: it is overdue once
/// the second fire after its last run has passed by more than one timeout (the time a run may take to be recorded).
/// A continuous schedule starts again within a run (its timeout) and its sleep, or, failing, its longest backoff:
/// overdue after sleep + timeout + backoff max. Quartz's <c>RequireSuccessWithin</c> is not used: it takes one fixed
/// span per job at registration, while these spans follow each schedule's file, and it counts successes, whereas a
/// failing schedule is already reported by its failure count and, at its limit, its halt.
/// </remarks>
public static class OverdueRule
{
    /// <summary>The instant after which <paramref name="schedule"/> is overdue if no run has started since <paramref name="since"/>; null if never.</summary>
    public static DateTimeOffset? Deadline(ScheduleDefinition schedule, DateTimeOffset since)
    {
        if (schedule.Kind == ScheduleKind.Continuous)
        {
            return since + schedule.Sleep + schedule.Timeout + schedule.BackoffMax;
        }

        return FireTimes.Next(schedule, since, 2) is [_, var second] ? second + schedule.Timeout : null;
    }
}
