using PxlScheduler.Core.Ledger.Reading;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// What an import of ledger lines did: lines read, rows inserted, records whose <c>run_id</c> was already
/// there, lines skipped, lines imported in part, and the position after the last complete line.
/// </summary>
internal sealed record ImportResult(long Lines, long Inserted, long AlreadyPresent, long Skipped, long Partial, ScanPosition End)
{
    /// <summary>Lines that held a record (inserted or already present).</summary>
    public long Records => Inserted + AlreadyPresent;
}
