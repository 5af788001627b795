using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Schedules;

/// <summary>
/// SPEC 7 as a pure calculation: a success clears the consecutive-failure count, a failure raises it
/// and either backs off (end + min(base × 2^(n−1), max)) or, at <c>maxFailures</c>, halts.
/// A cancelled cycle is a shutdown, not a failure: it leaves the count as it was.
/// </summary>
public static class FailurePolicy
{
    public static CycleVerdict Judge(
        ScheduleDefinition schedule,
        int previousFailures,
        CycleStatus status,
        string? error,
        DateTimeOffset finishedAt,
        DateTimeOffset? nextRegularFire)
    {
        if (!status.IsFailure())
        {
            return new CycleVerdict(status == CycleStatus.Success ? 0 : previousFailures, nextRegularFire, null);
        }

        var failures = previousFailures + 1;
        if (schedule.MaxFailures > 0 && failures >= schedule.MaxFailures)
        {
            var last = error is null ? status.ToWire() : $"{status.ToWire()} ({error})";
            return new CycleVerdict(failures, null, $"halted after {failures} consecutive failure(s); last: {last}");
        }

        return new CycleVerdict(failures, finishedAt + Backoff.Delay(failures, schedule.BackoffBase, schedule.BackoffMax), null);
    }
}
