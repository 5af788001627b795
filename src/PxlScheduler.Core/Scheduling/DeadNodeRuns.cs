using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Storage;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// On a cluster, the run a dead node left half-way (SPEC 10): when a schedule fires on a node, another run
/// of that schedule still listed in <c>pxl_runs_in_flight</c> cannot be running — Quartz never runs a
/// schedule on two nodes at once, and it released this one only after declaring the other node dead. A
/// run whose node still checks in to Quartz's <c>qrtz_scheduler_state</c> is left to that node. Such
/// a run is recorded in the shared ledger as <c>interrupted</c> under its own run id and node (a failure,
/// counted towards the halt), and is not run again: a planner cycle is not known to be safe to repeat,
/// and the schedule's next fire comes anyway. When the dead node starts again, its in-flight marker finds
/// the row already there and copies it into that node's JSONL instead of counting the failure twice.
/// </summary>
internal sealed class DeadNodeRuns(
    LedgerDatabase database, SqlLedgerMirror mirror, IOptions<StorageOptions> storage, TimeProvider time, ILogger<DeadNodeRuns> logger)
{
    /// <summary>Records the orphaned runs of the firing's schedule and adds them to its failure count; returns how many.</summary>
    public async Task<int> AccountAsync(IJobExecutionContext context, string currentRunId, CancellationToken cancellationToken)
    {
        if (!database.Topology.Clustered || CycleJobData.TriggerKindOf(context) == TriggerKind.Adhoc)
        {
            return 0;
        }

        var data = context.JobDetail.JobDataMap;
        var schedule = CycleJobData.ReadSchedule(data);
        IReadOnlyList<Orphan> orphans;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            // A run recorded while its in-flight row could not be deleted (the mirror was down; reconciliation filled
            // its row in later) is over: its row goes. A node still checking in is alive, and its runs are its own.
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM pxl_runs_in_flight f WHERE f.schedule = @schedule AND EXISTS (SELECT 1 FROM runs r WHERE r.run_id = f.run_id)",
                new { schedule = schedule.Name },
                cancellationToken: cancellationToken));
            orphans = (await connection.QueryAsync<Orphan>(new CommandDefinition(
                """
                SELECT f.run_id AS RunId, f.node AS Node, f.trigger AS Trigger, f.mode AS Mode, f.goal AS Goal, f.started_at AS StartedAt, f.log_path AS LogPath
                FROM pxl_runs_in_flight f
                WHERE f.schedule = @schedule AND f.run_id <> @currentRunId
                  AND NOT EXISTS (
                      SELECT 1 FROM qrtz_scheduler_state s
                      WHERE s.sched_name = @scheduler AND s.instance_name = f.node
                        AND s.last_checkin_time + (s.checkin_interval + @thresholdMs) * 10000 > @nowTicks)
                ORDER BY f.started_at
                """,
                new
                {
                    schedule = schedule.Name,
                    currentRunId,
                    scheduler = PersistentStore.InstanceName,
                    thresholdMs = (long)(storage.Value.CheckinMisfireThresholdSeconds * 1000),
                    nowTicks = time.GetUtcNow().UtcTicks,
                },
                cancellationToken: cancellationToken))).ToList();
        }

        foreach (var orphan in orphans)
        {
            var run = new InFlightRun(
                orphan.RunId,
                schedule.Name,
                orphan.Trigger,
                orphan.Mode,
                orphan.Goal,
                DateTimeOffset.Parse(orphan.StartedAt, System.Globalization.CultureInfo.InvariantCulture),
                orphan.LogPath,
                orphan.Node,
                OwnerPid: 0,
                OwnerStartTicks: 0);
            var state = ScheduleState.Read(data);
            var failures = state.ConsecutiveFailures + 1;
            var record = run.Interrupted(
                time.GetUtcNow(), failures, $"node {orphan.Node} stopped during the cycle (declared dead by the cluster); found by node {database.NodeName}");
            await mirror.InsertAsync(record, JsonSerializer.Serialize(record, LedgerJson.Line.RunRecord), cancellationToken);
            (state with { ConsecutiveFailures = failures }).WriteTo(data);
            SchedulingLog.DeadNodeRunAccounted(logger, schedule.Name, orphan.RunId, orphan.Node);
        }

        return orphans.Count;
    }

    private sealed record Orphan(string RunId, string Node, string Trigger, string Mode, string Goal, string StartedAt, string LogPath);
}
