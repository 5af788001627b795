namespace PxlScheduler.Core.Configuration;

/// <summary>How a cycle runs: the command, its argument template and the defaults every schedule inherits.</summary>
public sealed class CycleOptions
{
    public const string SectionName = "Cycle";

    /// <summary>The cycle command: an executable path (relative to the workspace root) or a name on PATH.</summary>
    public string Command { get; set; } = "tools/run_cycle.sh";

    /// <summary>Argument template; <c>{mode}</c>, <c>{goal}</c>, <c>{capWrites}</c> and <c>{runId}</c> are replaced.</summary>
    public List<string> Arguments { get; set; } = [];

    public string DefaultMode { get; set; } = "experimental";

    public int TimeoutSeconds { get; set; } = 1800;

    /// <summary>Seconds between SIGTERM and SIGKILL when a cycle is stopped.</summary>
    public int KillGraceSeconds { get; set; } = 10;

    /// <summary>Consecutive failures that halt a schedule; 0 never halts.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>First backoff wait; unset means the continuous sleep (at least 1 s), or 60 s for cron.</summary>
    public int? BackoffBaseSeconds { get; set; }

    public int BackoffMaxSeconds { get; set; } = 3600;

    /// <summary>Files a cycle may create, change or delete under the sandbox.</summary>
    public int CapWrites { get; set; } = 3;
}
