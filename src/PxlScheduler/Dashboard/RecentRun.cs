namespace PxlScheduler.Dashboard;

/// <summary>One run as the overview's strip and the duration charts draw it; settable for Dapper (a NULL column has no type).</summary>
internal sealed class RecentRun
{
    public string RunId { get; set; } = "";
    public string? Status { get; set; }
    public string? StartedAt { get; set; }
    public string? FinishedAt { get; set; }
    public long? DurationMs { get; set; }
}
