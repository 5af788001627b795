using System.Data.Common;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Storage;
using SQLitePCL;

namespace PxlScheduler.Core.Ledger.Queries;

/// <summary>
/// The ledger database opened so that nothing can change it, for <c>ledger query</c> and <c>ledger stats</c>.
/// Three locks, each enough alone for most statements: the file opened read-only (<c>Mode=ReadOnly</c>),
/// <c>PRAGMA query_only</c>, and an authorizer that admits only reading (SELECT, reads, functions, CTEs and
/// PRAGMAs). Before anything runs, every statement of the text is prepared and must be read-only by
/// <c>sqlite3_stmt_readonly</c>; ATTACH and DETACH, which that function calls read-only, the authorizer refuses.
/// On PostgreSQL: a connection of its own whose transactions default to read-only, and
/// <see cref="PostgresStatement"/> for the text.
/// </summary>
internal sealed class ReadOnlyLedger(LedgerDatabase database)
{
    /// <summary>Opens the database read-only; throws <see cref="LedgerRefusedException"/> when there is none.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (database.Provider == StorageProvider.Postgres)
        {
            // Not pooled, so the read-only default cannot reach a connection that writes.
            var postgres = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString)
            {
                Pooling = false,
                Options = "-c default_transaction_read_only=on",
            }.ToString());
            await postgres.OpenAsync(cancellationToken);
            return postgres;
        }

        if (database.FilePath is { } path && !File.Exists(path))
        {
            throw new LedgerRefusedException($"there is no ledger database at {path} yet; `pxl ledger rebuild` creates it from the JSONL");
        }

        // Not pooled: the authorizer and query_only belong to this connection and must not outlive it.
        var connection = await database.OpenSqliteReadOnlyAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA query_only = ON", cancellationToken: cancellationToken));
            raw.sqlite3_set_authorizer(connection.Handle, Authorize, null);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Prepares every statement of <paramref name="sql"/> without running any; throws <see cref="LedgerRefusedException"/> for one that could write or does not compile.</summary>
    public static void Check(DbConnection connection, string sql)
    {
        if (connection is not SqliteConnection sqlite)
        {
            PostgresStatement.AsSubquery(sql);
            return;
        }

        var db = sqlite.Handle!;
        ReadOnlySpan<byte> rest = Encoding.UTF8.GetBytes(sql);
        for (var number = 1; !rest.Trim(" \t\r\n;"u8).IsEmpty; number++)
        {
            var rc = raw.sqlite3_prepare_v2(db, rest, out var statement, out var tail);
            using (statement)
            {
                var text = Encoding.UTF8.GetString(rest[..(rest.Length - tail.Length)]).Trim();
                if (rc == raw.SQLITE_AUTH)
                {
                    throw new LedgerRefusedException($"the ledger is read-only here: statement {number} ({Abbreviate(text)}) would {Describe(raw.sqlite3_errmsg(db).utf8_to_string())}");
                }

                if (rc != raw.SQLITE_OK)
                {
                    throw new LedgerRefusedException($"statement {number}: {raw.sqlite3_errmsg(db).utf8_to_string()}");
                }

                if (statement is not null && !statement.IsInvalid && raw.sqlite3_stmt_readonly(statement) == 0)
                {
                    throw new LedgerRefusedException($"the ledger is read-only here: statement {number} ({Abbreviate(text)}) would write");
                }
            }

            rest = tail;
        }
    }

    /// <summary>PRAGMAs whose argument names what to describe, rather than a value to set.</summary>
    private static readonly HashSet<string> DescribingPragmas = new(StringComparer.OrdinalIgnoreCase)
    {
        "table_info", "table_xinfo", "index_info", "index_xinfo", "index_list", "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check", "table_list",
    };

    /// <summary>
    /// Admits reading only. A PRAGMA with an argument is a setting (<c>query_only = OFF</c> would lift a lock)
    /// unless it is one that describes the schema.
    /// </summary>
    private static int Authorize(object userData, int actionCode, utf8z param0, utf8z param1, utf8z dbName, utf8z innerMostTriggerOrView) => actionCode switch
    {
        raw.SQLITE_SELECT or raw.SQLITE_READ or raw.SQLITE_FUNCTION or raw.SQLITE_RECURSIVE => raw.SQLITE_OK,
        raw.SQLITE_PRAGMA when param1.utf8_to_string() is null || DescribingPragmas.Contains(param0.utf8_to_string() ?? "") => raw.SQLITE_OK,
        _ => raw.SQLITE_DENY,
    };

    private static string Describe(string message) => message == "not authorized" ? "change the database or its connection" : message;

    private static string Abbreviate(string text) => text.Length <= 40 ? text : text[..39] + "…";
}
