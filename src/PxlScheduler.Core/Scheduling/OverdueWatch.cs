using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Notifications;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Storage;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Serve's periodic check for <c>schedule.overdue</c> (every <c>Notifications:OverdueCheckSeconds</c>): each enabled
/// schedule that is not paused or halted (those said so already) is held to <see cref="OverdueRule"/>. One event per
/// deadline missed; the next run recorded sets a new deadline.
/// </summary>
internal sealed class OverdueWatch(
    ISchedulerFactory schedulers,
    LedgerDatabase database,
    Outbox outbox,
    ChannelRouting routing,
    NotificationEvents notifications,
    IOptions<NotificationsOptions> options,
    TimeProvider time,
    ILogger<OverdueWatch> logger) : BackgroundService
{
    private readonly Dictionary<string, DateTimeOffset> _raised = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (routing.For(NotificationEventNames.Overdue, null).Count == 0)
        {
            // No channel takes the event: nothing to check for.
            return;
        }

        var watchedSince = time.GetUtcNow();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.OverdueCheckSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckAsync(watchedSince, stoppingToken);
                }
                catch (Exception e) when (e is DbException or SchedulerException)
                {
                    NotificationsLog.EventNotStored(logger, NotificationEventNames.Overdue, "(every schedule)", e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>One pass over every schedule in the store.</summary>
    public async Task CheckAsync(DateTimeOffset watchedSince, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var now = time.GetUtcNow();
        var grace = TimeSpan.FromSeconds(options.Value.OverdueGraceSeconds);
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(ScheduleKeys.Group), cancellationToken))
        {
            if (await scheduler.GetJobDetail(key, cancellationToken) is not { } job
                || CycleJobData.ReadSchedule(job.JobDataMap) is not { Enabled: true } schedule
                || await scheduler.GetTriggerState(ScheduleKeys.Trigger(schedule.Name), cancellationToken) is TriggerState.Paused or TriggerState.None
                || ScheduleState.Read(job.JobDataMap).HaltReason is not null)
            {
                continue;
            }

            var last = await LastRunAsync(schedule.Name, cancellationToken);
            if (Notifications.OverdueRule.ExpectedBy(schedule, last, watchedSince, grace) is not { } expectedBy
                || now <= expectedBy
                || (_raised.TryGetValue(schedule.Name, out var raised) && raised == expectedBy))
            {
                continue;
            }

            var reason = last is null
                ? string.Create(CultureInfo.InvariantCulture, $"no run recorded since serve started at {UtcInstantConverter.ToText(watchedSince)}; one was expected by {UtcInstantConverter.ToText(expectedBy)}")
                : string.Create(CultureInfo.InvariantCulture, $"no run recorded since run {last.RunId} started at {UtcInstantConverter.ToText(last.StartedAt)}; the next was expected by {UtcInstantConverter.ToText(expectedBy)}");
            await outbox.RecordAsync(notifications.Overdue(schedule.Name, expectedBy, reason, last?.RunId), schedule.Notify, cancellationToken);
            _raised[schedule.Name] = expectedBy;
            SchedulingLog.Overdue(logger, schedule.Name, reason);
        }
    }

    private async Task<LastRun?> LastRunAsync(string schedule, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<(string RunId, string StartedAt, string FinishedAt, long ConsecutiveFailures)?>(new CommandDefinition(
            "SELECT run_id, started_at, finished_at, consecutive_failures FROM runs WHERE schedule = @schedule ORDER BY started_at DESC LIMIT 1",
            new { schedule },
            cancellationToken: cancellationToken));
        return row is { } r
            ? new LastRun(r.RunId, Parse(r.StartedAt), Parse(r.FinishedAt), (int)r.ConsecutiveFailures)
            : null;
    }

    private static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
}
