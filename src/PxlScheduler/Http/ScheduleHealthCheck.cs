using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Scheduling;
using Quartz;

namespace PxlScheduler.Http;

/// <summary>
/// Degraded while a schedule is halted (named with its reason) or an enabled schedule that should fire by itself is
/// overdue (<see cref="OverdueRule"/>); healthy otherwise. The same statuses as <c>pxl status</c>.
/// </summary>
internal sealed class ScheduleHealthCheck(ISchedulerFactory schedulers, ScheduleStatusReader reader, ServeClock clock, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var now = time.GetUtcNow();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var status in await reader.ReadAsync(scheduler, cancellationToken))
        {
            if (status.State == ScheduleCondition.Halted)
            {
                data[status.Name] = $"halted: {status.Reason}";
                problems.Add($"{status.Name} is halted ({status.Reason})");
                continue;
            }

            if (!status.Enabled || status.State is not (ScheduleCondition.Normal or ScheduleCondition.Running) && status.BackoffUntil is null
                || await scheduler.GetJobDetail(ScheduleKeys.Job(status.Name), cancellationToken) is not { } job)
            {
                continue;
            }

            var since = status.LastStartedAt is { } last && last > clock.StartedAt ? last : clock.StartedAt;
            if (status.State != ScheduleCondition.Running && OverdueRule.Deadline(CycleJobData.ReadSchedule(job.JobDataMap), since) is { } deadline && now > deadline)
            {
                var lastText = status.LastStartedAt is { } started ? $"last run started {UtcInstantConverter.ToText(started)}" : "no run yet";
                data[status.Name] = string.Create(CultureInfo.InvariantCulture, $"overdue since {UtcInstantConverter.ToText(deadline)} ({lastText})");
                problems.Add($"{status.Name} is overdue ({lastText})");
            }
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy("every schedule is running to its cadence, or paused on purpose")
            : HealthCheckResult.Degraded(string.Join("; ", problems), data: data);
    }
}
