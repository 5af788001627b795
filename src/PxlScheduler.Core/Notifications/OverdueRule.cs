using PxlScheduler.Core.Schedules;

namespace PxlScheduler.Core.Notifications;

/// <summary>
/// When a schedule's next run must be recorded by, from what its cadence implies (<c>schedule.overdue</c>, SPEC 14):
/// the moment it is due to start — cron: the first fire after the last run started; continuous: the last run's end
/// plus the sleep — or, after a failure, the end of its backoff if that is later; plus the timeout (a cycle is
/// stopped by then) and <c>Notifications:OverdueGraceSeconds</c>. A schedule without a recorded run counts from when
/// serve began to watch it. Past that deadline with no newer run, it is overdue: serve was down, a cycle hangs beyond
/// its timeout, or the stop file was left behind.
/// </summary>
internal static class OverdueRule
{
    /// <summary>The deadline, or null when the schedule has no fire to come (a cron that never fires again).</summary>
    public static DateTimeOffset? ExpectedBy(ScheduleDefinition schedule, LastRun? last, DateTimeOffset watchedSince, TimeSpan grace)
    {
        var from = last?.StartedAt ?? watchedSince;
        DateTimeOffset due;
        if (schedule.Kind == ScheduleKind.Cron)
        {
            if (FireTimes.Next(schedule, from, 1) is not [var fire])
            {
                return null;
            }

            due = fire;
        }
        else
        {
            due = (last?.FinishedAt ?? watchedSince) + schedule.Sleep;
        }

        if (last is { ConsecutiveFailures: > 0 } failing && failing.FinishedAt + Backoff.Delay(failing.ConsecutiveFailures, schedule.BackoffBase, schedule.BackoffMax) is var retry && retry > due)
        {
            due = retry;
        }

        return due + schedule.Timeout + grace;
    }
}
