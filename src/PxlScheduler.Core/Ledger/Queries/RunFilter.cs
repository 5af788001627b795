namespace PxlScheduler.Core.Ledger.Queries;

/// <summary>
/// Which runs <see cref="RunQuery"/> lists, newest first: by schedule, status and a window of <c>started_at</c>
/// (instants as the ledger writes them) and text in the goal or error, after the cursor <see cref="Before"/> (a run id of the previous page).
/// </summary>
public sealed record RunFilter
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    public string? Schedule { get; init; }
    public string? Status { get; init; }
    public string? Since { get; init; }
    public string? Until { get; init; }
    public string? Before { get; init; }

    /// <summary>Text the goal or the error contains (case-insensitive), or null for any.</summary>
    public string? Search { get; init; }
    public int Limit { get; init; } = DefaultLimit;
}
