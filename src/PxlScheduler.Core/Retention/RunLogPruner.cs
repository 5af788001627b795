using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Core.Retention;

/// <summary>
/// Prunes the per-run logs (SPEC 15) by the <c>Retention</c> limits: a log whose run started more than
/// <c>MaxAgeDays</c> ago goes, and, newest first, the logs past the newest <c>MaxCount</c> or past
/// <c>MaxTotalMegabytes</c> in all go with every older one. Only regular files in the run-log folder named as pxl
/// names run logs are ever touched; the ledger, its mirror, latest.json, the digests and their archives never are.
/// </summary>
/// <remarks>
/// Which logs must stay whatever the limits (runs in flight, the failures a halted schedule stopped on) is the
/// caller's to say: it knows the store and the markers, which sit above this folder. Age is the run's start as the
/// file's name gives it, not the file's time: copying or restoring the folder does not make old runs young.
/// </remarks>
internal sealed class RunLogPruner(
    Workspace workspace, IOptions<PathsOptions> paths, IOptions<RetentionOptions> retention, TimeProvider time, ILogger<RunLogPruner> logger)
{
    public string Folder { get; } = workspace.Resolve(paths.Value.RunLogs);

    /// <param name="keep">Full paths of logs kept whatever the limits.</param>
    /// <param name="dryRun">Say what would go, remove nothing.</param>
    /// <param name="cancellationToken">Stops between files.</param>
    public PruneReport Prune(IReadOnlySet<string> keep, bool dryRun, CancellationToken cancellationToken)
    {
        var limits = retention.Value;
        var now = time.GetUtcNow();
        var neverTouched = NeverTouched();
        var removed = new List<PrunedRunLog>();
        var toRemove = new List<RunLogFile>();
        var (kept, keptBytes, protectedCount) = (0, 0L, 0);
        RunLogFile? oldestKept = null;
        string? full = null;
        foreach (var log in Find())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reason = limits.MaxAgeDays > 0 && now - log.StartedAt > TimeSpan.FromDays(limits.MaxAgeDays)
                ? string.Create(CultureInfo.InvariantCulture, $"older than {limits.MaxAgeDays} days (Retention:MaxAgeDays)")
                : full;
            if (reason is null && limits.MaxCount > 0 && kept >= limits.MaxCount)
            {
                reason = full = string.Create(CultureInfo.InvariantCulture, $"beyond the newest {limits.MaxCount} (Retention:MaxCount)");
            }
            else if (reason is null && limits.MaxTotalMegabytes > 0 && keptBytes + log.Bytes > limits.MaxTotalBytes)
            {
                reason = full = string.Create(CultureInfo.InvariantCulture, $"beyond the newest {limits.MaxTotalMegabytes} MB (Retention:MaxTotalMegabytes)");
            }

            if (reason is not null && (keep.Contains(log.FullPath) || neverTouched.Contains(log.FullPath)))
            {
                protectedCount++;
                reason = null;
            }

            if (reason is null)
            {
                (kept, keptBytes, oldestKept) = (kept + 1, keptBytes + log.Bytes, log);
            }
            else
            {
                toRemove.Add(log);
                removed.Add(new PrunedRunLog(log.Display, log.Bytes, reason));
            }
        }

        var failed = new List<(string Path, string Reason)>();
        if (!dryRun)
        {
            for (var i = 0; i < toRemove.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    File.Delete(toRemove[i].FullPath);
                    RetentionLog.PrunedOne(logger, removed[i].Path, removed[i].Bytes, removed[i].Reason);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    RetentionLog.PruneFailed(logger, removed[i].Path, e.Message);
                    failed.Add((removed[i].Path, e.Message));
                }
            }

            var failedPaths = failed.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            removed.RemoveAll(r => failedPaths.Contains(r.Path));
        }

        var report = new PruneReport
        {
            DryRun = dryRun,
            Folder = workspace.Display(Folder),
            Removed = removed,
            Kept = kept,
            KeptBytes = keptBytes,
            Protected = protectedCount,
            OldestKept = oldestKept is null ? null : (oldestKept.Display, oldestKept.StartedAt),
            Failed = failed,
        };
        if (!dryRun && removed.Count > 0)
        {
            RetentionLog.Pruned(
                logger, removed.Count, report.RemovedBytes, report.Folder, Reasons(removed), kept, keptBytes, protectedCount, oldestKept?.Display ?? "none");
        }

        return report;
    }

    /// <summary>"3 older than 366 days (…), 2 beyond the newest 100 (…)".</summary>
    public static string Reasons(IEnumerable<PrunedRunLog> removed) =>
        string.Join(", ", removed.GroupBy(r => r.Reason, StringComparer.Ordinal).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}")));

    /// <summary>Regular files (a link is never followed nor removed) named as pxl names run logs, newest run first.</summary>
    private List<RunLogFile> Find()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var logs = new List<RunLogFile>();
        foreach (var file in new DirectoryInfo(Folder).EnumerateFiles())
        {
            if ((file.Attributes & FileAttributes.ReparsePoint) == 0 && RunLogName.Parse(file.Name) is { } name)
            {
                logs.Add(new RunLogFile(file.FullName, workspace.Display(file.FullName), name.StartedAt, name.Suffix, file.Length));
            }
        }

        return logs.OrderByDescending(l => l.StartedAt).ThenByDescending(l => l.Suffix).ToList();
    }

    /// <summary>The files of the record that configuration could have put in the run-log folder under a log's name.</summary>
    private HashSet<string> NeverTouched()
    {
        var p = paths.Value;
        return new HashSet<string>(new[] { p.Ledger, p.Latest, p.Digests, p.StopFile }.Select(workspace.Resolve), StringComparer.Ordinal);
    }
}
