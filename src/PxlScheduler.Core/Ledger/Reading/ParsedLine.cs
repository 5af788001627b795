namespace PxlScheduler.Core.Ledger.Reading;

/// <summary>
/// What one line of the ledger yields: a row (whole, or as far as a foreign line goes) and any note
/// about it, or no row and the reason it was skipped.
/// </summary>
internal readonly record struct ParsedLine(RunRow? Row, string? Note)
{
    public static ParsedLine Skipped(string reason) => new(null, reason);
}
