using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Sandbox;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Goes once, before the first fire, through the parts of a cycle's path that cost the most the first time and
/// change nothing: the cycle's and the recorder's object graphs built, the mirror's pooled connection opened (with
/// its pragma and probe), the serializers of the marker, the ledger line and <c>latest.json</c> loaded, the sandbox
/// walked. The first fire after start-up paid all of that between its fire time and the command (issue 18: 69 ms
/// against a p50 of 26 ms), and the first recording paid the rest before the next fire.
/// </summary>
/// <remarks>Nothing is written, no process is started, and a part that fails is left to the cycle that needs it to say so.</remarks>
internal sealed class CyclePathWarmUp(IServiceProvider services, LedgerDatabase database, SandboxWriteCounter sandbox, TimeProvider time, ILogger<CyclePathWarmUp> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        _ = services.GetRequiredService<CycleService>();
        _ = services.GetRequiredService<RunRecorder>();

        var marker = new InFlightRun("warm-up", "warm-up", "adhoc", "warm-up", "", time.GetUtcNow(), "", database.NodeName, Environment.ProcessId, 0);
        var record = marker.Interrupted(marker.StartedAt, 0, "warm-up");
        _ = JsonSerializer.SerializeToUtf8Bytes(marker, InFlightJson.Default.InFlightRun);
        _ = JsonSerializer.Serialize(record, LedgerJson.Line.RunRecord);
        _ = JsonSerializer.SerializeToUtf8Bytes(
            new LatestState
            {
                RunId = record.RunId,
                Schedule = record.Schedule,
                Status = record.Status,
                StartedAt = record.StartedAt,
                FinishedAt = record.FinishedAt,
                DurationMs = record.DurationMs,
                ConsecutiveFailures = 0,
                Halted = false,
            },
            LedgerJson.Indented.LatestState);

        try
        {
            _ = sandbox.Snapshot();
            await using var connection = await database.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            // The first cycle meets the same problem and reports it where it belongs: its run, or the mirror's warning.
        }

        SchedulingLog.CyclePathWarmed(logger, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }
}
