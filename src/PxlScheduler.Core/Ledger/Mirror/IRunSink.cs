using PxlScheduler.Core.Ledger.Reading;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// Where <see cref="LedgerImport"/> puts the records it reads: the seam between reading and parsing the
/// ledger and storing its rows. <see cref="MirrorInserter"/> is SQLite's; another database provides its own.
/// Both calls are idempotent by <c>run_id</c>, and report whether the row was new.
/// </summary>
internal interface IRunSink
{
    /// <summary>Stores a canonical line from its fields (text fields are slices of <paramref name="line"/>); true when the row was new.</summary>
    bool Insert(ReadOnlySpan<byte> line, CanonicalFields fields);

    /// <summary>Stores a row made by the tolerant parser; true when it was new, false when its <c>run_id</c> was there already.</summary>
    bool Insert(RunRow row);
}
