using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Processes;
using PxlScheduler.Core.Runs;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// At start (SPEC 8): every cycle whose `pxl` died mid-run (kill -9, power loss) is found by its in-flight marker
/// (<see cref="InFlightRuns"/>), its leftover processes are stopped, and it is recorded once: not at all when the
/// ledger holds it already, however far back (<see cref="RecordedRunFinder"/>), else as its run log says it ended
/// (<see cref="OrphanEnd"/>), by <see cref="InterruptedRunRecorder"/>. Then its marker goes.
/// </summary>
internal sealed class InterruptedRunRecovery(
    InFlightRuns inFlight,
    CycleProcessRunner processes,
    RecordedRunFinder finder,
    InterruptedRunRecorder recorder,
    IOptions<CycleOptions> cycle,
    Workspace workspace,
    TimeProvider time,
    ILogger<InterruptedRunRecovery> logger)
{
    /// <param name="scheduler">The persistent store's scheduler (serve), whose failure counts are updated too; null for `pxl run`.</param>
    /// <param name="cancellationToken">Cancels between runs, never half-way through recording one.</param>
    public async Task<int> RecoverAsync(IScheduler? scheduler, CancellationToken cancellationToken)
    {
        var recovered = 0;
        foreach (var run in inFlight.Orphans())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stopped = await processes.StopRunAsync(run.RunId, TimeSpan.FromSeconds(cycle.Value.KillGraceSeconds));
            string? endedAs = null; // set when the run had ended by itself and only its record was missing
            switch (await finder.FindAsync(run.RunId, CancellationToken.None))
            {
                case { JsonlLine: { } line }:
                    // Recorded in the JSONL, then cut off before the marker went.
                    await recorder.CorrectSharedRowAsync(line);
                    break;
                case { ByAnotherNode: { } accounted }:
                    await recorder.AppendAccountedAsync(accounted);
                    break;
                default:
                    var log = workspace.Resolve(run.LogPath);
                    var lastSeen = File.Exists(log) ? new DateTimeOffset(File.GetLastWriteTimeUtc(log)) : time.GetUtcNow();
                    var end = OrphanEnd.Decide(run.StartedAt, RunLog.ReadFooter(log), lastSeen, stopped);
                    await recorder.RecordAsync(run, end, scheduler);
                    recovered++;
                    endedAs = end.EndedByItself ? end.Status.ToWire() : null;
                    break;
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
}
