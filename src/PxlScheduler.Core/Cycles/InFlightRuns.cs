using System.Text.Json;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Files;

namespace PxlScheduler.Core.Cycles;

/// <summary>
/// <c>state/in_flight/RUN_ID.json</c>: written (atomically) when a cycle starts, deleted once the run is
/// recorded. A marker whose owner process is gone was left by a crash or kill -9 (SPEC 8).
/// </summary>
internal sealed class InFlightRuns(Workspace workspace, IOptions<PathsOptions> paths)
{
    private static readonly string HostName = Environment.MachineName;

    public string Directory { get; } = workspace.Resolve(paths.Value.InFlight);

    public Task BeginAsync(CycleRequest request, DateTimeOffset startedAt, string logPath, CancellationToken cancellationToken)
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
        return AtomicFile.WriteAllBytesAsync(PathOf(request.RunId), JsonSerializer.SerializeToUtf8Bytes(marker, InFlightJson.Default.InFlightRun), cancellationToken);
    }

    public void End(string runId) => File.Delete(PathOf(runId));

    /// <summary>Markers whose owner is no longer running: runs a crash left unfinished.</summary>
    public IReadOnlyList<InFlightRun> Orphans()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var orphans = new List<InFlightRun>();
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

            if (marker is not null && !(marker.Host == HostName && ProcessTree.StartTicks(marker.OwnerPid) == marker.OwnerStartTicks))
            {
                orphans.Add(marker);
            }
        }

        return orphans.OrderBy(o => o.StartedAt).ToList();
    }

    private string PathOf(string runId) => Path.Combine(Directory, runId + ".json");
}
