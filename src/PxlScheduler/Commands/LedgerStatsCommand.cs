using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core.Ledger.Queries;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl ledger stats [--since 7d|24h|ISO] [--schedule NAME] [--json]`: per schedule, runs, successes,
/// failures by status, cancelled, p50/p95/max duration, last success and current streak, from the mirror.
/// </summary>
internal static class LedgerStatsCommand
{
    public static Command Create(CliContext cli)
    {
        var since = new Option<string?>("--since") { Description = "Only runs started in the window: 30m, 24h, 7d, 2w, or an ISO-8601 time. Default: the whole ledger." };
        var schedule = new Option<string?>("--schedule") { Description = "Only this schedule." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var command = new Command("stats", "Per schedule: runs, outcomes, p50/p95/max duration, last success, current streak.") { since, schedule, json };
        command.SetAction((parse, cancellationToken) => LedgerSession.RunAsync(cli, async session =>
        {
            string? from = null;
            if (parse.GetValue(since) is { } text)
            {
                (from, var problem) = LedgerWindow.Parse(text, session.Services.GetRequiredService<TimeProvider>().GetUtcNow());
                if (problem is not null)
                {
                    return cli.UsageError([problem]);
                }
            }

            await using var connection = await session.Services.GetRequiredService<ReadOnlyLedger>().OpenAsync(cancellationToken);
            var stats = await LedgerStats.ComputeAsync(connection, from, parse.GetValue(schedule), cancellationToken);
            if (parse.GetValue(json))
            {
                cli.Output.WriteLine(JsonSerializer.Serialize(stats, CliJson.Indented.IReadOnlyListScheduleStats));
            }
            else if (stats.Count == 0)
            {
                var of = parse.GetValue(schedule) is { } name ? $" of schedule '{name}'" : "";
                cli.Output.WriteLine(from is null ? $"No runs{of} in the ledger." : $"No runs{of} since {from}.");
            }
            else
            {
                QueryTableWriter.Write(cli.Output, Table(stats));
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static QueryResult Table(IReadOnlyList<ScheduleStats> stats) => new(
        ["schedule", "runs", "ok", "failed", "cancelled", "p50", "p95", "max", "last success", "streak"],
        stats.Select(s => new object?[]
        {
            s.Schedule ?? "(none)",
            s.Runs,
            s.Successes,
            s.Failures.Count == 0 ? "0" : $"{s.Failures.Values.Sum()} ({string.Join(", ", s.Failures.Select(f => $"{f.Key} {f.Value}"))})",
            s.Cancelled,
            Seconds(s.P50Ms),
            Seconds(s.P95Ms),
            Seconds(s.MaxMs),
            s.LastSuccessAt ?? "never",
            s.StreakStatus is null ? "" : $"{s.StreakStatus} x{s.StreakRuns}",
        }).ToList());

    private static string Seconds(long? milliseconds) =>
        milliseconds is { } ms ? (ms / 1000.0).ToString("0.000 s", CultureInfo.InvariantCulture) : "";
}
