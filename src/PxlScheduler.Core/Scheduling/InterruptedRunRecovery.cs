using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Schedules;
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
    RunRecorder recorder,
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
            if (!RecordedNearEnd(run.RunId))
            {
                // The run log's last write is when the cycle was last seen alive.
                var log = workspace.Resolve(run.LogPath);
                var finishedAt = File.Exists(log) ? new DateTimeOffset(File.GetLastWriteTimeUtc(log)) : time.GetUtcNow();
                finishedAt = finishedAt < run.StartedAt ? run.StartedAt : finishedAt;
                var error = "pxl stopped during the cycle (crash or kill -9); found at the next start"
                    + (stopped > 0 ? $", {stopped} leftover process(es) stopped" : string.Empty);
                var job = scheduler is null ? null : await scheduler.GetJobDetail(ScheduleKeys.Job(run.Schedule), CancellationToken.None);
                var verdict = job is null
                    ? new CycleVerdict(await LastFailuresAsync(run.Schedule) + 1, null, null)
                    : FailurePolicy.Judge(
                        CycleJobData.ReadSchedule(job.JobDataMap),
                        CycleJobData.ReadConsecutiveFailures(job.JobDataMap),
                        CycleStatus.Interrupted,
                        error,
                        finishedAt,
                        null);
                await recorder.RecordAsync(
                    new RunRecord
                    {
                        RunId = run.RunId,
                        Schedule = run.Schedule,
                        Trigger = run.Trigger,
                        Mode = run.Mode,
                        Goal = run.Goal,
                        StartedAt = run.StartedAt,
                        FinishedAt = finishedAt,
                        DurationMs = (long)(finishedAt - run.StartedAt).TotalMilliseconds,
                        Status = CycleStatus.Interrupted.ToWire(),
                        ConsecutiveFailures = verdict.ConsecutiveFailures,
                        LogPath = run.LogPath,
                        Error = error,
                        Host = run.Host,
                    },
                    verdict,
                    CancellationToken.None);
                if (job is not null)
                {
                    await StoreVerdictAsync(scheduler!, job, verdict);
                }

                recovered++;
            }

            SchedulingLog.RunInterrupted(logger, run.Schedule, run.RunId, stopped);
            inFlight.End(run.RunId);
        }

        return recovered;
    }

    private bool RecordedNearEnd(string runId)
    {
        if (!File.Exists(jsonl.FullPath))
        {
            return false;
        }

        using var stream = new FileStream(jsonl.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var start = Math.Max(0, stream.Length - TailBytes);
        stream.Position = start;
        var buffer = new byte[stream.Length - start];
        stream.ReadExactly(buffer);
        return Encoding.UTF8.GetString(buffer).Contains($"\"run_id\":\"{runId}\"", StringComparison.Ordinal);
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
        catch (SqliteException)
        {
            return 0;
        }
    }

    /// <summary>The interrupted run counts in the store like any failure: the new count, and the halt when it reached <c>maxFailures</c>.</summary>
    private static async Task StoreVerdictAsync(IScheduler scheduler, IJobDetail job, CycleVerdict verdict)
    {
        var updated = job.GetJobBuilder().Build();
        CycleJobData.WriteConsecutiveFailures(updated.JobDataMap, verdict.ConsecutiveFailures);
        CycleJobData.WriteHaltReason(updated.JobDataMap, verdict.HaltReason ?? CycleJobData.ReadHaltReason(job.JobDataMap));
        await scheduler.AddJob(updated, new AddJobOptions { Replace = true }, CancellationToken.None);
        if (verdict.HaltReason is { } reason)
        {
            await scheduler.PauseJobWith(job.Key, new PauseDetails { Reason = reason, RequestedBy = PauseRequesters.Halt }, CancellationToken.None);
        }
    }
}
