using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Files;
using PxlScheduler.Core.Processes;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Core.Cycles;

/// <summary>
/// <c>state/in_flight/RUN_ID.json</c>: written (atomically) when a cycle starts, deleted once the run is
/// recorded. A marker whose owner process is gone was left by a crash or kill -9 (SPEC 8). On a cluster
/// the run is also a row of <c>pxl_runs_in_flight</c> in the shared database, so that another node can
/// account for it if this one dies (<see cref="Scheduling.DeadNodeRuns"/>); the row goes when the run's
/// ledger row comes, in one transaction.
/// </summary>
internal sealed class InFlightRuns(
    Workspace workspace, IOptions<PathsOptions> paths, IOptions<StorageOptions> storage, LedgerDatabase database, ILogger<InFlightRuns> logger)
{
    private string HostName => storage.Value.NodeName;

    public string Directory { get; } = workspace.Resolve(paths.Value.InFlight);

    public async Task BeginAsync(CycleRequest request, DateTimeOffset startedAt, string logPath, CancellationToken cancellationToken)
    {
        var marker = new InFlightRun(
            request.RunId,
            request.Schedule,
            request.Trigger.ToString().ToLowerInvariant(),
            request.Mode,
            request.Goal,
            startedAt,
            logPath,
            HostName,
            Environment.ProcessId,
            ProcessTree.StartTicks(Environment.ProcessId) ?? 0);
        await AtomicFile.WriteAllBytesAsync(PathOf(request.RunId), JsonSerializer.SerializeToUtf8Bytes(marker, InFlightJson.Default.InFlightRun), cancellationToken);
        // `pxl run` (adhoc) is no part of the cluster's schedules: no other node accounts for its runs.
        if (database.Topology.Clustered && request.Trigger != TriggerKind.Adhoc)
        {
            await ShareAsync(marker, cancellationToken);
        }
    }

    /// <summary>The marker as a row of <c>pxl_runs_in_flight</c>; a database that cannot take it costs a warning, not the run.</summary>
    private async Task ShareAsync(InFlightRun marker, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO pxl_runs_in_flight (run_id, schedule, node, trigger, mode, goal, started_at, log_path)
                VALUES (@RunId, @Schedule, @Host, @Trigger, @Mode, @Goal, @StartedAt, @LogPath)
                ON CONFLICT (run_id) DO NOTHING
                """,
                new { marker.RunId, marker.Schedule, marker.Host, marker.Trigger, marker.Mode, marker.Goal, StartedAt = UtcInstantConverter.ToText(marker.StartedAt), marker.LogPath },
                cancellationToken: cancellationToken));
        }
        catch (DbException e)
        {
            CyclesLog.InFlightNotShared(logger, marker.RunId, e.Message);
        }
    }

    public void End(string runId) => File.Delete(PathOf(runId));

    /// <summary>Markers whose owner is no longer running: runs a crash left unfinished.</summary>
    public IReadOnlyList<InFlightRun> Orphans() =>
        All().Where(marker => !(marker.Host == HostName && ProcessTree.StartTicks(marker.OwnerPid) == marker.OwnerStartTicks)).ToList();

    /// <summary>Every marker, oldest run first: runs in flight, and those a crash left unfinished.</summary>
    public IReadOnlyList<InFlightRun> All()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var markers = new List<InFlightRun>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.json"))
        {
            InFlightRun? marker;
            try
            {
                marker = JsonSerializer.Deserialize(File.ReadAllBytes(file), InFlightJson.Default.InFlightRun);
            }
            catch (JsonException)
            {
                // Written atomically, so never torn; a foreign file is left alone.
                continue;
            }
            catch (FileNotFoundException)
            {
                // Its run was recorded meanwhile.
                continue;
            }

            if (marker is not null)
            {
                markers.Add(marker);
            }
        }

        return markers.OrderBy(o => o.StartedAt).ToList();
    }

    private string PathOf(string runId) => Path.Combine(Directory, runId + ".json");
}
