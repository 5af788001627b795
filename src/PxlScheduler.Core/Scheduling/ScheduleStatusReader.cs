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
        // A few round trips whatever the number of schedules (a listing, /metrics and /readyz call this on every
        // request): the job keys, every trigger's header (state, next fire, pause), the jobs, the last runs.
        var keys = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(ScheduleKeys.Group), cancellationToken)).OrderBy(k => k.Name, StringComparer.Ordinal).ToList();
        var triggers = (await scheduler.QueryTriggers(new TriggerQuery { Take = PagedQuery.All }, cancellationToken)).Items.ToLookup(t => t.JobKey);
        var jobs = (await scheduler.GetJobDetails(keys, cancellationToken)).ToDictionary(j => j.Key);
        var latest = lastRuns ? await LastRunsAsync(keys.Select(k => k.Name).ToList(), cancellationToken) : [];
        var stopped = stopFile.IsPresent;
        var now = time.GetUtcNow();
        var rows = new List<(ScheduleDefinition Schedule, ScheduleState State, DateTimeOffset? Next, ScheduleCondition Condition)>();
        foreach (var key in keys)
        {
            if (!jobs.TryGetValue(key, out var job))
            {
                continue;
            }

            var schedule = CycleJobData.ReadSchedule(job.JobDataMap);
            var state = ScheduleState.Read(job.JobDataMap);
            var next = triggers[key].Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
            var triggerKey = ScheduleKeys.Trigger(schedule.Name);
            var header = triggers[key].FirstOrDefault(t => t.Key.Equals(triggerKey));
            var triggerState = header?.State ?? TriggerState.None;
            // The header carries the trigger's own pause record; a trigger paused with its group has none, and
            // GetTriggerPause answers the group's for it.
            var pause = triggerState == TriggerState.Paused ? header?.Pause ?? await scheduler.GetTriggerPause(triggerKey, cancellationToken) : null;
            rows.Add((schedule, state, next, state.Explain(schedule, triggerState, pause, stopped ? stopFile.Display : null, now, next)));
        }

        var runningOn = rows.Any(r => r.Condition.State == ScheduleCondition.Running) ? await RunningOnAsync(cancellationToken) : [];
        var statuses = new List<ScheduleStatus>(rows.Count);
        foreach (var (schedule, state, next, explained) in rows)
        {
            var condition = explained.State == ScheduleCondition.Running
                ? explained with { Reason = runningOn.TryGetValue(schedule.Name, out var node) ? $"on node {node}" : null }
                : explained;
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
                LastLogState = LogState(last),
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

    /// <summary>
    /// What became of the last run's log, as this node can tell: on a cluster a run of another node wrote its log
    /// on that node's disk, so the state names the node ("on node worker-2") rather than calling it pruned.
    /// </summary>
    private string? LogState(LastRun? last) =>
        last is { LogPath: not null } && database.Topology.OwnRowsHost is { } own && last.Host is { } host && host != own
            ? $"on node {host}"
            : RunLogs.StateOf(workspace, last?.LogPath)?.ToWire();

    /// <summary>On a cluster, which node runs each schedule's cycle now (the latest start in flight); empty on SQLite.</summary>
    private async Task<Dictionary<string, string>> RunningOnAsync(CancellationToken cancellationToken)
    {
        if (!database.Topology.Clustered)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Schedule, string Node)>(new CommandDefinition(
            "SELECT schedule, node FROM pxl_runs_in_flight ORDER BY started_at DESC", cancellationToken: cancellationToken));
        return rows.GroupBy(r => r.Schedule, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Node, StringComparer.Ordinal);
    }

    /// <summary>
    /// The last run of each schedule named, in one statement of index seeks (ix_runs_schedule_started): the latest
    /// start per schedule by MAX (one seek), its row by that start, the latest success by walking the schedule's
    /// runs backwards to the first success. No GROUP BY over the ledger: a million runs cost what a hundred do.
    /// </summary>
    /// <remarks>
    /// The schedules come as parameters of a VALUES list (SQLite and PostgreSQL both take it; no text of theirs is
    /// part of the SQL). <c>s.status || ''</c> keeps SQLite from choosing ix_runs_status, which would visit every
    /// success of the ledger, over the walk.
    /// </remarks>
    private async Task<Dictionary<string, LastRun>> LastRunsAsync(List<string> schedules, CancellationToken cancellationToken)
    {
        if (schedules.Count == 0)
        {
            return [];
        }

        var parameters = new DynamicParameters();
        for (var i = 0; i < schedules.Count; i++)
        {
            parameters.Add(string.Create(CultureInfo.InvariantCulture, $"s{i}"), schedules[i]);
        }

        var names = string.Join(", ", Enumerable.Range(0, schedules.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"(@s{i})")));
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<LastRun>(new CommandDefinition(
            $"""
            WITH names(schedule) AS (VALUES {names}),
            latest AS (
              SELECT n.schedule AS schedule,
                     (SELECT MAX(m.started_at) FROM runs m WHERE m.schedule = n.schedule) AS started_at,
                     (SELECT s.started_at FROM runs s WHERE s.schedule = n.schedule AND s.status || '' = 'success' ORDER BY s.started_at DESC LIMIT 1) AS last_success_at
              FROM names n)
            SELECT r.schedule AS Schedule, r.status AS Status, r.started_at AS StartedAt, r.run_id AS RunId, r.log_path AS LogPath, r.host AS Host,
                   l.last_success_at AS LastSuccessAt
            FROM latest l
            JOIN runs r ON r.schedule = l.schedule AND r.started_at = l.started_at
            ORDER BY r.run_id DESC
            """,
            parameters,
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

        public string? Host { get; set; }
    }
}
