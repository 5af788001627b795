using System.Globalization;
using Dapper;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Retention;
using PxlScheduler.Core.Schedules;
using PxlScheduler.Core.Storage;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Reads every schedule's state from the store (explained by <see cref="ScheduleState.Explain"/>) and its
/// last run from the ledger's SQL mirror: the lines of `pxl status`.
/// </summary>
internal sealed class ScheduleStatusReader(LedgerDatabase database, StopFile stopFile, Workspace workspace, TimeProvider time)
{
    public Task<IReadOnlyList<ScheduleStatus>> ReadAsync(IScheduler scheduler, CancellationToken cancellationToken) =>
        ReadAsync(scheduler, lastRuns: true, cancellationToken);

    /// <summary>
    /// The statuses; with <paramref name="lastRuns"/> false, without the last run (no ledger read: what a metrics
    /// scrape needs, which keeps its own counts of runs).
    /// </summary>
    public async Task<IReadOnlyList<ScheduleStatus>> ReadAsync(IScheduler scheduler, bool lastRuns, CancellationToken cancellationToken)
    {
        var latest = lastRuns ? await LastRunsAsync(cancellationToken) : [];
        var stopped = stopFile.IsPresent;
        var statuses = new List<ScheduleStatus>();
        foreach (var key in (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(ScheduleKeys.Group), cancellationToken)).OrderBy(k => k.Name, StringComparer.Ordinal))
        {
            if (await scheduler.GetJobDetail(key, cancellationToken) is not { } job)
            {
                continue;
            }

            var schedule = CycleJobData.ReadSchedule(job.JobDataMap);
            var state = ScheduleState.Read(job.JobDataMap);
            var triggers = await scheduler.GetTriggersOfJob(key, cancellationToken);
            var next = triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
            var condition = await ConditionAsync(scheduler, schedule, state, next, stopped, cancellationToken);
            latest.TryGetValue(schedule.Name, out var last);
            statuses.Add(new ScheduleStatus(
                schedule.Name,
                schedule.Kind == ScheduleKind.Cron ? "cron" : "continuous",
                schedule.Kind == ScheduleKind.Cron
                    ? $"{schedule.CronText ?? schedule.Cron} ({schedule.TimeZone.Id})"
                    : string.Create(CultureInfo.InvariantCulture, $"sleep {schedule.Sleep.TotalSeconds:0.###} s"),
                condition.State,
                condition.Reason,
                condition.Held ? null : next,
                state.ConsecutiveFailures,
                last?.Status,
                last is null ? null : DateTimeOffset.Parse(last.StartedAt, CultureInfo.InvariantCulture))
            {
                LastLogPath = last?.LogPath,
                LastLogState = RunLogs.StateOf(workspace, last?.LogPath)?.ToWire(),
                Cron = schedule.Kind == ScheduleKind.Cron ? schedule.CronText ?? schedule.Cron : null,
                SleepSeconds = schedule.Kind == ScheduleKind.Continuous ? schedule.Sleep.TotalSeconds : null,
                Zone = schedule.Kind == ScheduleKind.Cron ? schedule.TimeZone.Id : null,
                Enabled = schedule.Enabled,
                BackoffUntil = condition.BackoffUntil,
                LastRunId = last?.RunId,
                LastSuccessAt = last?.LastSuccessAt is { } success ? DateTimeOffset.Parse(success, CultureInfo.InvariantCulture) : null,
            });
        }

        return statuses;
    }

    private async Task<ScheduleCondition> ConditionAsync(
        IScheduler scheduler, ScheduleDefinition schedule, ScheduleState state, DateTimeOffset? next, bool stopped, CancellationToken cancellationToken)
    {
        var triggerKey = ScheduleKeys.Trigger(schedule.Name);
        var triggerState = await scheduler.GetTriggerState(triggerKey, cancellationToken);
        var pause = triggerState == TriggerState.Paused ? await scheduler.GetTriggerPause(triggerKey, cancellationToken) : null;
        var condition = state.Explain(schedule, triggerState, pause, stopped ? stopFile.Display : null, time.GetUtcNow(), next);
        return condition.State == ScheduleCondition.Running
            ? condition with { Reason = await RunningOnAsync(schedule.Name, cancellationToken) }
            : condition;
    }

    /// <summary>On a cluster, which node runs the schedule's cycle now ("on node worker-2"); null on SQLite.</summary>
    private async Task<string?> RunningOnAsync(string schedule, CancellationToken cancellationToken)
    {
        if (!database.Topology.Clustered)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var node = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT node FROM pxl_runs_in_flight WHERE schedule = @schedule ORDER BY started_at DESC LIMIT 1", new { schedule }, cancellationToken: cancellationToken));
        return node is null ? null : $"on node {node}";
    }

    private async Task<Dictionary<string, LastRun>> LastRunsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<LastRun>(new CommandDefinition(
            """
            SELECT r.schedule AS Schedule, r.status AS Status, r.started_at AS StartedAt, r.run_id AS RunId, r.log_path AS LogPath,
                   (SELECT MAX(s.started_at) FROM runs s WHERE s.schedule = r.schedule AND s.status = 'success') AS LastSuccessAt
            FROM runs r
            JOIN (SELECT schedule, MAX(started_at) AS started_at FROM runs GROUP BY schedule) m
              ON m.schedule = r.schedule AND m.started_at = r.started_at
            ORDER BY r.run_id DESC
            """,
            cancellationToken: cancellationToken));
        return rows.GroupBy(r => r.Schedule, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>A row of <see cref="LastRunsAsync"/>; settable properties, since Dapper gives a NULL column no type a constructor could match.</summary>
    private sealed class LastRun
    {
        public string Schedule { get; set; } = "";
        public string Status { get; set; } = "";
        public string StartedAt { get; set; } = "";
        public string RunId { get; set; } = "";
        public string? LastSuccessAt { get; set; }
        public string? LogPath { get; set; }
    }
}
