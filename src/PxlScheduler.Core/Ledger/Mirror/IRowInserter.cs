using System.Data.Common;
using Microsoft.Data.Sqlite;
using PxlScheduler.Core.Ledger.Reading;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>Inserts rows into <c>runs</c> (or a table of the same shape), idempotently by <c>run_id</c>, inside an open transaction.</summary>
internal interface IRowInserter : IDisposable
{
    /// <summary>Inserts a canonical line from its fields; true when the row was new.</summary>
    bool Insert(ReadOnlySpan<byte> line, CanonicalFields fields);

    /// <summary>Inserts <paramref name="row"/>; true when it was new, false when its <c>run_id</c> was there already.</summary>
    bool Insert(RunRow row);
}

/// <summary>The fastest inserter each provider has.</summary>
internal static class RowInserters
{
    public static IRowInserter Open(DbConnection connection, DbTransaction transaction, string table) => connection switch
    {
        SqliteConnection sqlite => new MirrorInserter(sqlite, table),
        _ => new DbRowInserter(connection, transaction, table),
    };
}
