using System.Text.Json;
using Dapper;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Notifications;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;
using PxlScheduler.Core.Storage;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Records what start-up recovery found: a run that was never recorded, once, as it ended (a failure counts towards
/// the halt, in the store too under serve); a run another node recorded, into this JSONL; a run this JSONL holds,
/// over a shared row another node guessed differently.
/// </summary>
/// <remarks>Nothing here takes the caller's cancellation: a run is recorded whole or not at all.</remarks>
internal sealed class InterruptedRunRecorder(LedgerDatabase database, SqlLedgerMirror mirror, RunLedger ledger, RunRecorder recorder, ScheduleControl control, TimeProvider time)
{
    /// <summary>Records <paramref name="run"/> as <paramref name="end"/> says it ended, with its verdict.</summary>
    /// <param name="run">The run's in-flight marker.</param>
    /// <param name="end">How it ended.</param>
    /// <param name="scheduler">The persistent store's scheduler (serve), whose failure counts are updated too; null for `pxl run`.</param>
    public async Task RecordAsync(InFlightRun run, OrphanEnd end, IScheduler? scheduler)
    {
        var job = scheduler is null ? null : await scheduler.GetJobDetail(ScheduleKeys.Job(run.Schedule), CancellationToken.None);
        var verdict = job is null
            ? new CycleVerdict(end.Status.IsFailure() ? await LastFailuresAsync(run.Schedule) + 1 : 0, null, null)
            : FailurePolicy.Judge(
                CycleJobData.ReadSchedule(job.JobDataMap),
                ScheduleState.Read(job.JobDataMap).ConsecutiveFailures,
                end.Status,
                end.Error,
                end.FinishedAt,
                null);
        try
        {
            // The schedule's events (a halt by this interrupted run among them) go with its row, as a cycle's do.
            var notice = job is null ? null : new RunNotice(run.Schedule, CycleJobData.ReadSchedule(job.JobDataMap).Notify, run.RunId, end.Status, end.Error, verdict, time.GetUtcNow());
            await recorder.RecordAsync(run.Ended(end.Status, end.ExitCode, end.FinishedAt, verdict.ConsecutiveFailures, end.Error), verdict, notice, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still unrecordable (the ledger's folder is a file, the disk is read-only): say which run, keep its marker.
            throw new IOException($"run {run.RunId} of {run.Schedule}, left unrecorded by an earlier pxl, still cannot be recorded: {e.Message}", e);
        }

        if (job is not null)
        {
            await StoreVerdictAsync(scheduler!, job, verdict);
        }
    }

    /// <summary>A surviving node of the cluster recorded the run while this one was down: this JSONL gets the same line.</summary>
    public Task AppendAccountedAsync(RunRecord accounted) => ledger.AppendAsync(accounted, CancellationToken.None);

    /// <summary>
    /// On a cluster, replaces the shared row of a run this JSONL holds when another node recorded it differently (it
    /// may have taken the run for dead meanwhile): the JSONL is this node's truth.
    /// </summary>
    public async Task CorrectSharedRowAsync(string line)
    {
        if (!database.Topology.Clustered)
        {
            return;
        }

        RunRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(line, LedgerJson.Line.RunRecord);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return; // not a line pxl wrote: nothing to correct the shared row with
        }

        try
        {
            if (record is not null && await mirror.GetAsync(record.RunId, CancellationToken.None) is { } shared && shared.Status != record.Status)
            {
                await mirror.ReplaceAsync(record, line, CancellationToken.None);
            }
        }
        catch (System.Data.Common.DbException)
        {
            // The shared row stays as the other node wrote it; `pxl ledger verify` shows the difference.
        }
    }

    private async Task<int> LastFailuresAsync(string schedule)
    {
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT consecutive_failures FROM runs WHERE schedule = @schedule ORDER BY started_at DESC LIMIT 1",
                new { schedule })) ?? 0;
        }
        catch (System.Data.Common.DbException)
        {
            return 0;
        }
    }

    /// <summary>The interrupted run counts in the store like any failure: the new count, and the halt when it reached <c>maxFailures</c>.</summary>
    private async Task StoreVerdictAsync(IScheduler scheduler, IJobDetail job, CycleVerdict verdict)
    {
        var state = ScheduleState.Read(job.JobDataMap) with { ConsecutiveFailures = verdict.ConsecutiveFailures };
        await (verdict.HaltReason is { } reason
            ? control.HaltAsync(scheduler, job, state, reason, CancellationToken.None)
            : ScheduleControl.StoreAsync(scheduler, job, state, CancellationToken.None));
    }
}
