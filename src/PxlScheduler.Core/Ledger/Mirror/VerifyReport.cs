namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// What <c>pxl ledger verify</c> found: the ledger's lines and records, the mirror's rows, and the drift
/// between them — run ids missing from the mirror, extra in it, or whose row differs (with the columns).
/// Each list holds at most <see cref="LedgerVerifier.SampleSize"/> examples; the counts are exact.
/// </summary>
internal sealed record VerifyReport(
    ImportResult Ledger,
    long MirrorRows,
    long MissingCount,
    IReadOnlyList<string> Missing,
    long ExtraCount,
    IReadOnlyList<string> Extra,
    long DifferentCount,
    IReadOnlyList<(string RunId, IReadOnlyList<string> Columns)> Different,
    long DuplicatedCount,
    IReadOnlyList<(string RunId, IReadOnlyList<long> Lines)> Duplicated)
{
    public bool HasDrift => MissingCount + ExtraCount + DifferentCount > 0;

    /// <summary>True when a run id is on more than one line of the ledger: a run recorded twice.</summary>
    public bool HasDuplicates => DuplicatedCount > 0;
}
