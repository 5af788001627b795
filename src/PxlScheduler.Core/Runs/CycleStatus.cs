namespace PxlScheduler.Core.Runs;

/// <summary>How a cycle ended (SPEC 6). The ledger writes these in snake_case.</summary>
public enum CycleStatus
{
    Success,
    Failure,
    Timeout,
    PrereqFailed,
    WriteCapExceeded,
    StartFailed,
    Cancelled,
    Interrupted,
}
