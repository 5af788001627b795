using PxlScheduler.Core.Ledger.Queries;

namespace PxlScheduler.Commands;

/// <summary>`--since`: a span back from now (<c>30m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c>) or an ISO-8601 instant (UTC unless it says otherwise).</summary>
internal static class LedgerWindow
{
    /// <summary>The window's start as the ledger writes instants, or null with the reason the text is not one.</summary>
    public static (string? Since, string? Problem) Parse(string text, DateTimeOffset now) => TimeWindow.Parse(text, now, "--since");
}
