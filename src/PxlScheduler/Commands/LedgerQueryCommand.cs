using System.CommandLine;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core.Ledger.Queries;
using PxlScheduler.Core.Ledger;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl ledger query "SQL" [--format table|json|csv]`: the operator's SQL, as written, on a connection that
/// cannot change the database (see <see cref="ReadOnlyLedger"/>). A statement that would write, or does
/// not compile, is one line on stderr and exit 2, before any statement runs.
/// </summary>
internal static class LedgerQueryCommand
{
    public static Command Create(CliContext cli)
    {
        var sql = new Argument<string>("sql") { Description = "The SQL to run, read-only: tables runs, pxl_* and Quartz's qrtz_*." };
        var format = new Option<string>("--format") { Description = "table (for people), json or csv.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var command = new Command("query", "Run read-only SQL on the ledger's database.") { sql, format };
        command.SetAction((parse, cancellationToken) => LedgerSession.RunAsync(cli, async session =>
        {
            var text = parse.GetRequiredValue(sql);
            var write = parse.GetValue(format) switch
            {
                "json" => QueryJsonWriter.Write,
                "csv" => QueryCsvWriter.Write,
                _ => (Action<TextWriter, QueryResult>)QueryTableWriter.Write,
            };
            await using var connection = await session.Services.GetRequiredService<ReadOnlyLedger>().OpenAsync(cancellationToken);
            ReadOnlyLedger.Check(connection, text);
            try
            {
                foreach (var result in await RunAsync(connection, text, cancellationToken))
                {
                    write(cli.Output, result);
                }
            }
            catch (DbException e)
            {
                throw new LedgerRefusedException(e is SqliteException ? e.Message : PostgresStatement.Describe(e), e);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<IReadOnlyList<QueryResult>> RunAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        // PostgreSQL: the one statement as a subquery, in a read-only transaction that is never committed.
        var postgres = connection is not SqliteConnection;
        await using var transaction = postgres ? await connection.BeginTransactionAsync(cancellationToken) : null;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = postgres ? PostgresStatement.AsSubquery(sql) : sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var results = new List<QueryResult>();
        do
        {
            if (reader.FieldCount == 0)
            {
                continue;
            }

            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<object?[]>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            results.Add(new QueryResult(columns, rows));
        }
        while (await reader.NextResultAsync(cancellationToken));
        return results;
    }
}
