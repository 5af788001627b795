using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Http;

/// <summary>
/// The file of a run's log that HTTP may serve: the path the ledger (or the in-flight marker) names, and only if it
/// lies under <c>Paths:RunLogs</c> and exists — a run id is never part of a path.
/// </summary>
internal static class ServedLog
{
    /// <summary>The full path, or null with why there is none to serve.</summary>
    public static (string? Path, string? Problem) Resolve(Workspace workspace, PathsOptions paths, string runId, string? logPath)
    {
        var logs = workspace.Resolve(paths.RunLogs) + System.IO.Path.DirectorySeparatorChar;
        var path = logPath is null ? null : workspace.Resolve(logPath);
        return path is not null && path.StartsWith(logs, StringComparison.Ordinal) && File.Exists(path)
            ? (path, null)
            : (null, path is null
                ? $"run {runId} has no log in the ledger."
                : $"the log of run {runId} is not under {workspace.Display(logs)} ({PathsOptions.SectionName}:RunLogs), or is gone.");
    }
}
