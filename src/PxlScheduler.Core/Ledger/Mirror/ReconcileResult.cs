namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>What a reconciliation did: the lines it read, the rows it filled in, and whether it had to read the whole ledger.</summary>
internal sealed record ReconcileResult(long LinesRead, long Filled, bool FullPass);
