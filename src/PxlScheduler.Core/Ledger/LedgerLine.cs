using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Ledger;

/// <summary>One line of the JSONL ledger as read back: its number (from 1), its text, and either the record or why it is not one.</summary>
public sealed record LedgerLine(long LineNumber, string Raw, RunRecord? Record, string? Problem);
