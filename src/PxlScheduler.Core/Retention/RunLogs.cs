using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Core.Retention;

/// <summary>
/// The one answer to "is this run's log still there?" for everything that shows a run's log path (SPEC 15:
/// the ledger row keeps its <c>log_path</c>; what shows it says "pruned").
/// </summary>
internal static class RunLogs
{
    /// <summary>The state of the log at <paramref name="logPath"/> (as the ledger holds it), or null when the run has none.</summary>
    public static RunLogState? StateOf(Workspace workspace, string? logPath)
    {
        if (string.IsNullOrEmpty(logPath))
        {
            return null;
        }

        return File.Exists(workspace.Resolve(logPath)) ? RunLogState.Kept
            : RunLogName.Parse(Path.GetFileName(logPath)) is not null ? RunLogState.Pruned
            : RunLogState.Missing;
    }

    /// <summary>The word for <paramref name="state"/> in output: kept, pruned, missing.</summary>
    public static string ToWire(this RunLogState state) => state.ToString().ToLowerInvariant();

    /// <summary>The path as output shows it: the path alone while the file is there, else with "(pruned)" or "(missing)".</summary>
    public static string Describe(Workspace workspace, string? logPath) =>
        StateOf(workspace, logPath) switch
        {
            null => "-",
            RunLogState.Kept => logPath!,
            var state => $"{logPath} ({state.Value.ToWire()})",
        };
}
