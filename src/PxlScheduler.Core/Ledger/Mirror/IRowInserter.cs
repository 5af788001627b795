using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>A <see cref="IRunSink"/> over a database transaction, released when disposed.</summary>
internal interface IRowInserter : IRunSink, IDisposable;

/// <summary>The fastest inserter each provider has.</summary>
internal static class RowInserters
{
    public static IRowInserter Open(DbConnection connection, DbTransaction transaction, string table) => connection switch
    {
        SqliteConnection sqlite => new MirrorInserter(sqlite, table),
        _ => new DbRowInserter(connection, transaction, table),
    };
}
