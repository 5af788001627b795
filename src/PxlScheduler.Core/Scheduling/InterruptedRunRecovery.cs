using System.Text.Json;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Notifications;
using PxlScheduler.Core.Processes;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;
using PxlScheduler.Core.Storage;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// At start (SPEC 8): every cycle whose `pxl` died mid-run (kill -9, power loss) is found by its
/// in-flight marker, its leftover processes are stopped, and it is recorded once as <c>interrupted</c>
/// — a failure, so it counts towards the halt. A run the ledger already holds (the crash came after
/// the JSONL append) is not recorded twice.
/// </summary>
internal sealed class InterruptedRunRecovery(
    InFlightRuns inFlight,
    CycleProcessRunner processes,
    JsonlLedger jsonl,
    LedgerDatabase database,
    SqlLedgerMirror mirror,
    RunLedger ledger,
    RunRecorder recorder,
    ScheduleControl control,
    IOptions<CycleOptions> cycle,
    Workspace workspace,
    TimeProvider time,
    ILogger<InterruptedRunRecovery> logger)
{
    /// <summary>How far back from the end of the JSONL a crashed run's line can be (it was the last append).</summary>
    private const int TailBytes = 1 << 20;

    /// <param name="scheduler">The persistent store's scheduler (serve), whose failure counts are updated too; null for `pxl run`.</param>
    /// <param name="cancellationToken">Cancels between runs, never half-way through recording one.</param>
    public async Task<int> RecoverAsync(IScheduler? scheduler, CancellationToken cancellationToken)
    {
        var recovered = 0;
        foreach (var run in inFlight.Orphans())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stopped = await processes.StopRunAsync(run.RunId, TimeSpan.FromSeconds(cycle.Value.KillGraceSeconds));
            var line = RecordedLineNearEnd(run.RunId);
            string? endedAs = null; // set when the run had ended by itself and only its record was missing
            if (line is not null)
            {
                // Recorded in the JSONL, then cut off before the marker went: on a cluster another node may have
                // taken the run for dead meanwhile, and the JSONL, this node's truth, corrects the shared row.
                await CorrectSharedRowAsync(line);
            }
            else if (await AccountedByAnotherNodeAsync(run.RunId) is { } accounted)
            {
                // A surviving node of the cluster recorded it while this one was down: this JSONL gets the same line.
                await ledger.AppendAsync(accounted, CancellationToken.None);
            }
            else
            {
                var log = workspace.Resolve(run.LogPath);
                var footer = RunLog.ReadFooter(log);
                var (status, exitCode, finishedAt, error) = footer is not null
                    // The cycle ended and its log says how, but pxl could not record it then (an unwritable ledger
                    // halts the schedule): that end is the run's, not a crash.
                    ? (footer.Status, footer.ExitCode, run.StartedAt + footer.Duration, footer.Error)
                    // The run log's last write is when the cycle was last seen alive.
                    : (CycleStatus.Interrupted, (int?)null, File.Exists(log) ? new DateTimeOffset(File.GetLastWriteTimeUtc(log)) : time.GetUtcNow(),
                        "pxl stopped during the cycle (crash or kill -9); found at the next start"
                        + (stopped > 0 ? $", {stopped} leftover process(es) stopped" : string.Empty));
                finishedAt = finishedAt < run.StartedAt ? run.StartedAt : finishedAt;
                var job = scheduler is null ? null : await scheduler.GetJobDetail(ScheduleKeys.Job(run.Schedule), CancellationToken.None);
                var verdict = job is null
                    ? new CycleVerdict(status.IsFailure() ? await LastFailuresAsync(run.Schedule) + 1 : 0, null, null)
                    : FailurePolicy.Judge(
                        CycleJobData.ReadSchedule(job.JobDataMap),
                        ScheduleState.Read(job.JobDataMap).ConsecutiveFailures,
                        status,
                        error,
                        finishedAt,
                        null);
                try
                {
                    // The schedule's events (a halt by this interrupted run among them) go with its row, as a cycle's do.
                    var notice = job is null ? null : new RunNotice(run.Schedule, CycleJobData.ReadSchedule(job.JobDataMap).Notify, run.RunId, status, error, verdict, time.GetUtcNow());
                    await recorder.RecordAsync(run.Ended(status, exitCode, finishedAt, verdict.ConsecutiveFailures, error), verdict, notice, CancellationToken.None);
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

                recovered++;
                endedAs = footer?.Status.ToWire();
            }

            if (endedAs is not null)
            {
                SchedulingLog.RunRecordedLate(logger, run.Schedule, run.RunId, endedAs);
            }
            else
            {
                SchedulingLog.RunInterrupted(logger, run.Schedule, run.RunId, stopped);
            }

            inFlight.End(run.RunId);
        }

        return recovered;
    }

    /// <summary>The run as the shared ledger holds it when another node recorded it (clusters only), else null.</summary>
    private async Task<RunRecord?> AccountedByAnotherNodeAsync(string runId)
    {
        if (!database.Topology.Clustered)
        {
            return null;
        }

        try
        {
            return await mirror.GetAsync(runId, CancellationToken.None);
        }
        catch (System.Data.Common.DbException)
        {
            return null;
        }
    }

    /// <summary>On a cluster, replaces the shared row of a run the JSONL holds when another node recorded it differently.</summary>
    private async Task CorrectSharedRowAsync(string line)
    {
        if (!database.Topology.Clustered || JsonSerializer.Deserialize(line, LedgerJson.Line.RunRecord) is not { } record)
        {
            return;
        }

        try
        {
            if (await mirror.GetAsync(record.RunId, CancellationToken.None) is { } shared && shared.Status != record.Status)
            {
                await mirror.ReplaceAsync(record, line, CancellationToken.None);
            }
        }
        catch (System.Data.Common.DbException)
        {
            // The shared row stays as the other node wrote it; `pxl ledger verify` shows the difference.
        }
    }

    /// <summary>The JSONL line of <paramref name="runId"/> when it is among the last appended, else null.</summary>
    private string? RecordedLineNearEnd(string runId)
    {
        if (!File.Exists(jsonl.FullPath))
        {
            return null;
        }

        using var stream = new FileStream(jsonl.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var start = Math.Max(0, stream.Length - TailBytes);
        stream.Position = start;
        var buffer = new byte[stream.Length - start];
        stream.ReadExactly(buffer);
        var text = Encoding.UTF8.GetString(buffer);
        var at = text.IndexOf($"\"run_id\":\"{runId}\"", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var begin = text.LastIndexOf('\n', at) + 1;
        var end = text.IndexOf('\n', at);
        return end < 0 ? null : text[begin..end];
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
