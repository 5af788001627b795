using System.Text.Json;
using Dapper;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Storage;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// The run logs retention must keep whatever its limits (SPEC 15): every run still in flight (its marker, and on a
/// cluster its row of <c>pxl_runs_in_flight</c>), the failures a halted schedule stopped on (the streak its
/// consecutive-failure count names, read from the ledger's mirror), and the log latest.json points at.
/// </summary>
internal sealed class ProtectedRunLogs(InFlightRuns inFlight, LatestPointer latest, LedgerDatabase database, Workspace workspace)
{
    /// <summary>A halted schedule's streak is its maxFailures; more than this many logs of one streak are not kept for it.</summary>
    private const int StreakLimit = 100;

    /// <summary>Full paths of the logs to keep.</summary>
    public async Task<IReadOnlySet<string>> ReadAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var marker in inFlight.All())
        {
            keep.Add(workspace.Resolve(marker.LogPath));
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Topology.Clustered)
        {
            foreach (var path in await connection.QueryAsync<string>(new CommandDefinition("SELECT log_path FROM pxl_runs_in_flight", cancellationToken: cancellationToken)))
            {
                keep.Add(workspace.Resolve(path));
            }
        }

        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(ScheduleKeys.Group), cancellationToken))
        {
            if (await scheduler.GetJobDetail(key, cancellationToken) is not { } job || ScheduleState.Read(job.JobDataMap) is not { Halted: true } state)
            {
                continue;
            }

            var streak = Math.Clamp(state.ConsecutiveFailures, 1, StreakLimit);
            var runs = await connection.QueryAsync<RecentRun>(new CommandDefinition(
                "SELECT log_path AS LogPath, status AS Status FROM runs WHERE schedule = @schedule ORDER BY started_at DESC LIMIT @streak",
                new { schedule = key.Name, streak },
                cancellationToken: cancellationToken));
            foreach (var run in runs.Where(r => CycleStatusExtensions.FromWire(r.Status)?.IsFailure() == true && r.LogPath is { Length: > 0 }))
            {
                keep.Add(workspace.Resolve(run.LogPath!));
            }
        }

        if (await LatestLogAsync(cancellationToken) is { } latestLog)
        {
            keep.Add(workspace.Resolve(latestLog));
        }

        return keep;
    }

    /// <summary>latest.json's log; a pointer that cannot be read protects nothing, and stops no pruning.</summary>
    private async Task<string?> LatestLogAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await latest.ReadAsync(cancellationToken))?.LogPath is { Length: > 0 } path ? path : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private sealed record RecentRun(string? LogPath, string Status);
}
