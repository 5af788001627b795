using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>A <see cref="IRunSink"/> over a database transaction, released when disposed.</summary>
internal interface IRowInserter : IRunSink, IDisposable;

/// <summary>The fastest inserter each provider has.</summary>
internal static class RowInserters
{
    /// <param name="connection">The open connection.</param>
    /// <param name="transaction">Its transaction, which the rows join.</param>
    /// <param name="table">The table: <c>runs</c>, or one of its shape.</param>
    /// <param name="fresh">True when the table holds none of the rows coming (a rebuild, verify's copy): PostgreSQL then batches.</param>
    public static IRowInserter Open(DbConnection connection, DbTransaction transaction, string table, bool fresh = false) => connection switch
    {
        SqliteConnection sqlite => new MirrorInserter(sqlite, table),
        _ => new DbRowInserter(connection, transaction, table, batched: fresh),
    };
}
