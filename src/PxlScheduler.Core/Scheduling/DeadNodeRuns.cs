using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Ledger;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// On a cluster, the run a dead node left half-way (SPEC 10): when a schedule fires on a node, any other
/// run of that schedule still listed in <c>pxl_runs_in_flight</c> cannot be running — Quartz never runs a
/// schedule on two nodes at once, and it released this one only after declaring the other node dead. Such
/// a run is recorded in the shared ledger as <c>interrupted</c> under its own run id and node (a failure,
/// counted towards the halt), and is not run again: a planner cycle is not known to be safe to repeat,
/// and the schedule's next fire comes anyway. When the dead node starts again, its in-flight marker finds
/// the row already there and copies it into that node's JSONL instead of counting the failure twice.
/// </summary>
internal sealed class DeadNodeRuns(LedgerDatabase database, SqlLedgerMirror mirror, TimeProvider time, ILogger<DeadNodeRuns> logger)
{
    /// <summary>Records the orphaned runs of the firing's schedule and adds them to its failure count; returns how many.</summary>
    public async Task<int> AccountAsync(IJobExecutionContext context, string currentRunId, CancellationToken cancellationToken)
    {
        if (database.Provider != Configuration.StorageProvider.Postgres || CycleJobData.TriggerKindOf(context) == TriggerKind.Adhoc)
        {
            return 0;
        }

        var data = context.JobDetail.JobDataMap;
        var schedule = CycleJobData.ReadSchedule(data);
        IReadOnlyList<Orphan> orphans;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            orphans = (await connection.QueryAsync<Orphan>(new CommandDefinition(
                """
                SELECT run_id AS RunId, node AS Node, trigger AS Trigger, mode AS Mode, goal AS Goal, started_at AS StartedAt, log_path AS LogPath
                FROM pxl_runs_in_flight WHERE schedule = @schedule AND run_id <> @currentRunId ORDER BY started_at
                """,
                new { schedule = schedule.Name, currentRunId },
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
            var failures = CycleJobData.ReadConsecutiveFailures(data) + 1;
            var record = run.Interrupted(
                time.GetUtcNow(), failures, $"node {orphan.Node} stopped during the cycle (declared dead by the cluster); found by node {database.NodeName}");
            await mirror.InsertAsync(record, JsonSerializer.Serialize(record, LedgerJson.Line.RunRecord), cancellationToken);
            CycleJobData.WriteConsecutiveFailures(data, failures);
            SchedulingLog.DeadNodeRunAccounted(logger, schedule.Name, orphan.RunId, orphan.Node);
        }

        return orphans.Count;
    }

    private sealed record Orphan(string RunId, string Node, string Trigger, string Mode, string Goal, string StartedAt, string LogPath);
}
