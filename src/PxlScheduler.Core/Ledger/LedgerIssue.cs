namespace PxlScheduler.Core.Ledger;

/// <summary>Something about one line of the JSONL ledger an operator should know: it was skipped, or imported in part.</summary>
public sealed record LedgerIssue(long LineNumber, string Message);
