using System.Data.Common;
using Dapper;

namespace PxlScheduler.Core.Ledger.Queries;

/// <summary>
/// Lists runs from the ledger's SQL mirror for the HTTP API: newest first by <c>(started_at, run_id)</c>, paged by
/// keyset (the next page starts below the last row of this one, so a page costs the same however deep it is, and a
/// run recorded meanwhile neither repeats nor skips a row). The statement is constant text but for which filters
/// apply; every value is a parameter.
/// </summary>
internal static class RunQuery
{
    private const string Columns =
        "run_id AS RunId, schedule AS Schedule, trigger AS Trigger, mode AS Mode, goal AS Goal, started_at AS StartedAt, " +
        "finished_at AS FinishedAt, duration_ms AS DurationMs, status AS Status, exit_code AS ExitCode, " +
        "consecutive_failures AS ConsecutiveFailures, log_path AS LogPath, archive_path AS ArchivePath, " +
        "digest_lines AS DigestLines, writes AS Writes, error AS Error, host AS Host";

    /// <summary>The page <paramref name="filter"/> asks for; null when its cursor is not a run in the ledger.</summary>
    public static async Task<RunPage?> ListAsync(DbConnection connection, RunFilter filter, CancellationToken cancellationToken)
    {
        string? beforeStarted = null;
        if (filter.Before is { } before)
        {
            // The cursor's own started_at ('' for a foreign line without one); no row: the cursor is not a run.
            beforeStarted = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT COALESCE(started_at, '') FROM runs WHERE run_id = @before", new { before }, cancellationToken: cancellationToken));
            if (beforeStarted is null)
            {
                return null;
            }
        }

        var where = new List<string>();
        if (filter.Schedule is not null)
        {
            where.Add("schedule = @schedule");
        }

        if (filter.Status is not null)
        {
            where.Add("status = @status");
        }

        if (filter.Since is not null)
        {
            where.Add("started_at >= @since");
        }

        if (filter.Until is not null)
        {
            where.Add("started_at < @until");
        }

        if (filter.Search is not null)
        {
            // A LIKE pattern with the text's own % _ and \ escaped, so they match themselves; lowered on both sides for
            // PostgreSQL, whose LIKE tells case apart.
            where.Add("(LOWER(goal) LIKE @search ESCAPE '\\' OR LOWER(error) LIKE @search ESCAPE '\\')");
        }

        if (filter.Before is not null)
        {
            where.Add("(started_at < @beforeStarted OR (started_at = @beforeStarted AND run_id < @before))");
        }

        var sql = $"SELECT {Columns} FROM runs{(where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where))} " +
            "ORDER BY started_at DESC, run_id DESC LIMIT @take";
        var rows = (await connection.QueryAsync<RunView>(new CommandDefinition(
            sql,
            new { schedule = filter.Schedule, status = filter.Status, since = filter.Since, until = filter.Until, before = filter.Before, beforeStarted, search = Pattern(filter.Search), take = filter.Limit + 1 },
            cancellationToken: cancellationToken))).ToList();
        var more = rows.Count > filter.Limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new RunPage(rows, more ? rows[^1].RunId : null);
    }

    private static string? Pattern(string? search) =>
        search is null ? null : "%" + search.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";

    /// <summary>One run by its id, or null when the ledger has none.</summary>
    public static Task<RunView?> FindAsync(DbConnection connection, string runId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<RunView?>(new CommandDefinition(
            $"SELECT {Columns} FROM runs WHERE run_id = @runId", new { runId }, cancellationToken: cancellationToken));

    /// <summary>
    /// Per schedule and status, how many runs and the latest start; with the latest success per schedule: what the
    /// metrics start from, in one pass over the covering index <c>ix_runs_schedule_started_status</c>.
    /// </summary>
    public static async Task<IReadOnlyList<RunCount>> CountAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<RunCount>(new CommandDefinition(
            "SELECT schedule AS Schedule, status AS Status, COUNT(*) AS Runs, MAX(started_at) AS LastStartedAt FROM runs " +
            "WHERE schedule IS NOT NULL AND status IS NOT NULL GROUP BY schedule, status",
            cancellationToken: cancellationToken))).ToList();
}
