namespace PxlScheduler.Core.Retention;

/// <summary>What became of a run's log, as the CLI, the API and the dashboard say it.</summary>
internal enum RunLogState
{
    /// <summary>The file is there.</summary>
    Kept,

    /// <summary>Gone, and named like a run log pxl writes: retention removed it (the ledger row keeps the path).</summary>
    Pruned,

    /// <summary>Gone, and not a name retention would remove: moved or deleted by someone else.</summary>
    Missing,
}
