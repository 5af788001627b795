using Npgsql;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Cluster;

/// <summary>
/// One node of a test cluster: its own workspace (JSONL, logs, state) configured for the shared
/// PostgreSQL database under its own node name, with short check-in settings so a dead node is found
/// within seconds.
/// </summary>
internal sealed class ClusterNode : IDisposable
{
    public const double CheckinSeconds = 1;
    public const double CheckinMisfireSeconds = 2;

    public ClusterNode(string name, string connectionString)
    {
        Name = name;
        Workspace.WriteFile("appsettings.json", $$"""
            {
              "Storage": {
                "Provider": "Postgres",
                "ConnectionString": "{{connectionString}}",
                "NodeName": "{{name}}",
                "CheckinIntervalSeconds": {{CheckinSeconds}},
                "CheckinMisfireThresholdSeconds": {{CheckinMisfireSeconds}}
              },
              "Serilog": { "MinimumLevel": { "Default": "Warning" } }
            }
            """);
    }

    public string Name { get; }

    public TempWorkspace Workspace { get; } = new();

    public string Root => Workspace.Root;

    /// <summary>
    /// A schedule file; every node gets the same text, as a cluster runs one set of schedules (commands are
    /// relative to each node's workspace, so the files are identical).
    /// </summary>
    public void WriteSchedule(string name, string json) => Workspace.WriteFile($"schedules/{name}.json", json);

    public Task<ServeProcess> StartAsync() => ServeProcess.StartAsync(Root);

    public void Dispose() => Workspace.Dispose();
}

/// <summary>The shared ledger as a test reads it: plain SQL over Npgsql.</summary>
internal sealed record SharedRun(string RunId, string Schedule, string Host, string Status, DateTimeOffset StartedAt, DateTimeOffset FinishedAt)
{
    public static async Task<IReadOnlyList<SharedRun>> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT run_id, schedule, host, status, started_at, finished_at FROM runs ORDER BY started_at", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var runs = new List<SharedRun>();
        while (await reader.ReadAsync())
        {
            runs.Add(new SharedRun(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(reader.GetString(5), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return runs;
    }

    /// <summary>The runs in flight right now, as (run id, node, start).</summary>
    public static async Task<IReadOnlyList<(string RunId, string Node, DateTimeOffset StartedAt)>> InFlightAsync(string connectionString, string schedule)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT run_id, node, started_at FROM pxl_runs_in_flight WHERE schedule = $1", connection);
        command.Parameters.AddWithValue(schedule);
        await using var reader = await command.ExecuteReaderAsync();
        var runs = new List<(string, string, DateTimeOffset)>();
        while (await reader.ReadAsync())
        {
            runs.Add((reader.GetString(0), reader.GetString(1), DateTimeOffset.Parse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return runs;
    }
}
