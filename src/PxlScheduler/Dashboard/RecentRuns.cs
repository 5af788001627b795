using System.Data.Common;
using Dapper;

namespace PxlScheduler.Dashboard;

/// <summary>
/// The latest runs of one schedule from the ledger's SQL mirror, newest first: one index range of
/// <c>ix_runs_schedule_started</c> read backwards and cut at the limit, so the cost is the limit's, never the
/// ledger's size. The overview asks for 30 per schedule, the schedule page for its chart's.
/// </summary>
internal static class RecentRuns
{
    public const int Strip = 30;
    public const int Chart = 200;

    public static async Task<IReadOnlyList<RecentRun>> OfAsync(DbConnection connection, string schedule, int limit, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<RecentRun>(new CommandDefinition(
            "SELECT run_id AS RunId, status AS Status, started_at AS StartedAt, finished_at AS FinishedAt, duration_ms AS DurationMs " +
            "FROM runs WHERE schedule = @schedule ORDER BY started_at DESC, run_id DESC LIMIT @limit",
            new { schedule, limit },
            cancellationToken: cancellationToken))).ToList();

    /// <summary>The latest run of <paramref name="schedule"/> that did not succeed, or null.</summary>
    public static Task<RecentRun?> LastFailureAsync(DbConnection connection, string schedule, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<RecentRun?>(new CommandDefinition(
            "SELECT run_id AS RunId, status AS Status, started_at AS StartedAt, finished_at AS FinishedAt, duration_ms AS DurationMs " +
            "FROM runs WHERE schedule = @schedule AND status IS DISTINCT FROM 'success' ORDER BY started_at DESC, run_id DESC LIMIT 1",
            new { schedule },
            cancellationToken: cancellationToken));
}
