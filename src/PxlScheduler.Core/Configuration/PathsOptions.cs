namespace PxlScheduler.Core.Configuration;

/// <summary>Where every file PxlScheduler reads or writes lives; relative paths start at the workspace root.</summary>
public sealed class PathsOptions
{
    public const string SectionName = "Paths";

    public string Ledger { get; set; } = "state/run_cycle_history.jsonl";

    public string RunLogs { get; set; } = "logs/run_cycle";

    public string Latest { get; set; } = "logs/run_cycle/latest.json";

    public string Digests { get; set; } = "state/planner_digests.jsonl";

    public string DigestArchives { get; set; } = "state/planner_digest_archives";

    public string StopFile { get; set; } = "state/run_cycle.stop";

    public string Schedules { get; set; } = "schedules";

    public string Sandbox { get; set; } = "sandbox";

    /// <summary>One marker file per cycle in flight; a marker left by a crash becomes an <c>interrupted</c> run at the next start.</summary>
    public string InFlight { get; set; } = "state/in_flight";
}
