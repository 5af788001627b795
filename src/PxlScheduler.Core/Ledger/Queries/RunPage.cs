namespace PxlScheduler.Core.Ledger.Queries;

/// <summary>One page of runs, newest first, and the cursor for the next page (null on the last).</summary>
public sealed record RunPage(IReadOnlyList<RunView> Runs, string? NextBefore);
