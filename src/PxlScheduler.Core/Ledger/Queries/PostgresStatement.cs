using System.Data.Common;
using Npgsql;

namespace PxlScheduler.Core.Ledger.Queries;

/// <summary>
/// The guard of <c>pxl ledger query</c> on PostgreSQL, which has no statement-level read-only check the
/// way SQLite does: the text must be exactly one statement, and it runs as a subquery
/// (<c>SELECT * FROM (…) AS q</c>), which only a query can be — an INSERT, DROP, SET, COPY, DO or COMMIT
/// there is a syntax error, and a data-changing WITH is refused by PostgreSQL inside a subquery. It runs
/// in a READ ONLY transaction on a connection whose every transaction defaults to read-only, and is
/// rolled back.
/// </summary>
internal static class PostgresStatement
{
    /// <summary><paramref name="sql"/> as the subquery that runs, or a <see cref="LedgerRefusedException"/> when it holds more than one statement.</summary>
    public static string AsSubquery(string sql)
    {
        var body = sql.Trim();
        while (body.EndsWith(';'))
        {
            body = body[..^1].TrimEnd();
        }

        if (body.Length == 0)
        {
            throw new LedgerRefusedException("no statement given");
        }

        if (TopLevelSemicolon(body) is { } at)
        {
            throw new LedgerRefusedException($"one statement at a time on PostgreSQL: a second one starts after the ';' at character {at + 1}");
        }

        // The newline ends a trailing -- comment before the closing parenthesis.
        return $"SELECT * FROM (\n{body}\n) AS q";
    }

    /// <summary>One line for the operator from what PostgreSQL said about the statement.</summary>
    public static string Describe(DbException exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.SyntaxError } e =>
            $"{e.MessageText} (on PostgreSQL the ledger takes one query: SELECT, WITH … SELECT, VALUES or TABLE)",
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } e => $"the ledger is read-only here: {e.MessageText}",
        PostgresException e => e.MessageText,
        _ => exception.Message.ReplaceLineEndings(" "),
    };

    /// <summary>The index of the first ';' outside string literals, quoted names, dollar quotes and comments, or null.</summary>
    private static int? TopLevelSemicolon(string sql)
    {
        for (var i = 0; i < sql.Length; i++)
        {
            switch (sql[i])
            {
                case ';':
                    return i;
                case '\'' or '"':
                    i = sql.IndexOf(sql[i], i + 1) is var close and >= 0 ? close : sql.Length;
                    break;
                case '-' when i + 1 < sql.Length && sql[i + 1] == '-':
                    i = sql.IndexOf('\n', i) is var eol and >= 0 ? eol : sql.Length;
                    break;
                case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                    i = sql.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 1 : sql.Length;
                    break;
                case '$' when DollarTag(sql, i) is { } tag:
                    i = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal) is var closing and >= 0 ? closing + tag.Length - 1 : sql.Length;
                    break;
            }
        }

        return null;
    }

    /// <summary>The dollar-quote opener at <paramref name="at"/> (<c>$$</c> or <c>$tag$</c>), or null when the '$' is something else (a parameter like $1).</summary>
    private static string? DollarTag(string sql, int at)
    {
        var end = at + 1;
        while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
        {
            end++;
        }

        return end < sql.Length && sql[end] == '$' && (end == at + 1 || !char.IsDigit(sql[at + 1])) ? sql[at..(end + 1)] : null;
    }
}
