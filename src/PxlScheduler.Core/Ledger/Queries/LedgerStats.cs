using System.Data.Common;
using Dapper;

namespace PxlScheduler.Core.Ledger.Queries;

/// <summary>
/// Computes <see cref="ScheduleStats"/> in SQL (the same text on SQLite and PostgreSQL) without reading the rows out: the runs per
/// schedule counted over the covering index <c>ix_runs_schedule_started_status</c>, the runs that did not succeed
/// per schedule and status over the partial index <c>ix_runs_schedule_unsuccessful</c> (successes are the
/// difference), then per schedule p50, p95 and the maximum by stepping through <c>ix_runs_schedule_duration</c>
/// in order (LIMIT 1 OFFSET k), and the last success and streak from index lookups. The statements are constant
/// text; the window and the schedule are parameters.
/// </summary>
/// <remarks>
/// Successes are not counted from an index of their own because such an index, ordered by schedule and status,
/// is the slowest a rebuild has to sort (migration 003). The partial index holds about a tenth of the runs. Its
/// condition, <c>status IS DISTINCT FROM 'success'</c>, is written the same way in the query, literal included,
/// so that both databases know the index applies.
/// </remarks>
internal static class LedgerStats
{
    public static async Task<IReadOnlyList<ScheduleStats>> ComputeAsync(
        DbConnection connection, string? since, string? schedule, CancellationToken cancellationToken)
    {
        var window = (since is null ? "" : " AND started_at >= @since") + (schedule is null ? "" : " AND schedule = @schedule");
        var parameters = new DynamicParameters(new { since, schedule });
        // Only COUNT(*) here: the durations come from their own index, which keeps these scans the cheapest they can be.
        var totals = await connection.QueryAsync<(string? Schedule, long Runs)>(new CommandDefinition(
            $"SELECT schedule, COUNT(*) FROM runs WHERE 1 = 1{window} GROUP BY schedule",
            parameters,
            cancellationToken: cancellationToken));
        var unsuccessful = (await connection.QueryAsync<(string? Schedule, string? Status, long Runs)>(new CommandDefinition(
            $"SELECT schedule, status, COUNT(*) FROM runs WHERE status IS DISTINCT FROM 'success'{window} GROUP BY schedule, status",
            parameters,
            cancellationToken: cancellationToken))).ToList();
        var groups = totals.SelectMany(total =>
        {
            var others = unsuccessful.Where(g => g.Schedule == total.Schedule).ToList();
            var successes = total.Runs - others.Sum(g => g.Runs);
            return successes > 0 ? others.Append((Schedule: total.Schedule, Status: (string?)"success", Runs: successes)) : others;
        }).ToList();

        var result = new List<ScheduleStats>();
        foreach (var bySchedule in groups.GroupBy(g => g.Schedule).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var name = bySchedule.Key;
            var timed = bySchedule.Sum(g => g.Runs) - await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT COUNT(*) FROM runs WHERE schedule IS NOT DISTINCT FROM @name AND duration_ms IS NULL{(since is null ? "" : " AND started_at >= @since")}",
                new { name, since },
                cancellationToken: cancellationToken));
            var last = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                "SELECT status FROM runs WHERE schedule IS NOT DISTINCT FROM @name ORDER BY started_at DESC, run_id DESC LIMIT 1", new { name }, cancellationToken: cancellationToken));
            var streakStart = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT MAX(started_at) FROM runs WHERE schedule IS NOT DISTINCT FROM @name AND status IS DISTINCT FROM @last", new { name, last }, cancellationToken: cancellationToken));
            result.Add(new ScheduleStats
            {
                Schedule = name,
                Runs = bySchedule.Sum(g => g.Runs),
                Successes = bySchedule.Where(g => g.Status == "success").Sum(g => g.Runs),
                Cancelled = bySchedule.Where(g => g.Status == "cancelled").Sum(g => g.Runs),
                Failures = bySchedule.Where(g => g.Status is not "success" and not "cancelled")
                    .OrderBy(g => g.Status, StringComparer.Ordinal)
                    .ToDictionary(g => g.Status ?? "(none)", g => g.Runs),
                MaxMs = await PercentileAsync(connection, name, since, timed, 100, cancellationToken),
                P50Ms = await PercentileAsync(connection, name, since, timed, 50, cancellationToken),
                P95Ms = await PercentileAsync(connection, name, since, timed, 95, cancellationToken),
                LastSuccessAt = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                    "SELECT MAX(started_at) FROM runs WHERE schedule IS NOT DISTINCT FROM @name AND status = 'success'", new { name }, cancellationToken: cancellationToken)),
                StreakStatus = last,
                StreakRuns = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    streakStart is null
                        ? "SELECT COUNT(*) FROM runs WHERE schedule IS NOT DISTINCT FROM @name"
                        : "SELECT COUNT(*) FROM runs WHERE schedule IS NOT DISTINCT FROM @name AND started_at > @streakStart",
                    new { name, streakStart },
                    cancellationToken: cancellationToken)),
            });
        }

        return result;
    }

    /// <summary>The nearest-rank percentile: the value at rank ⌈p·n/100⌉ of the n durations in order.</summary>
    private static async Task<long?> PercentileAsync(
        DbConnection connection, string? schedule, string? since, long count, int percent, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return null;
        }

        // OFFSET steps through the index one entry at a time, so walk in from the nearer end: p95 is 5 % from the top.
        var rank = ((count * percent) + 99) / 100;
        var fromTop = rank > count / 2;
        var window = since is null ? "" : " AND started_at >= @since";
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT duration_ms FROM runs WHERE schedule IS NOT DISTINCT FROM @schedule AND duration_ms IS NOT NULL{window} ORDER BY duration_ms{(fromTop ? " DESC" : "")} LIMIT 1 OFFSET @offset",
            new { schedule, since, offset = fromTop ? count - rank : rank - 1 },
            cancellationToken: cancellationToken));
    }
}
