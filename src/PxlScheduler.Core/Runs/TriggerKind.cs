namespace PxlScheduler.Core.Runs;

/// <summary>What started a cycle, as the ledger's <c>trigger</c> field says it.</summary>
public enum TriggerKind
{
    Cron,
    Continuous,
    Manual,
    Retry,
    Adhoc,
}
