using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Runs;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Ledger;

/// <summary>
/// A temp workspace with a hand-written JSONL ledger and direct SQL access to its mirror, for the `pxl ledger`
/// tests: on SQLite (the default), or on a PostgreSQL database as node "test" (the host of <see cref="Run"/>).
/// </summary>
internal sealed class LedgerWorkspace : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public LedgerWorkspace(string? postgres = null)
    {
        if (postgres is null)
        {
            return;
        }

        Storage = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = postgres, NodeName = "test" };
        _ws.WriteFile("appsettings.json", JsonSerializer.Serialize(new { Storage = new { Provider = "Postgres", ConnectionString = postgres, NodeName = "test" } }));
    }

    /// <summary>The storage the workspace's appsettings.json configures.</summary>
    public StorageOptions Storage { get; } = new();

    public bool IsPostgres => Storage.Provider == StorageProvider.Postgres;

    /// <summary>SQL reading field <paramref name="name"/> of the raw line, in the provider's JSON syntax.</summary>
    public string RawField(string name) => IsPostgres ? $"raw::jsonb ->> '{name}'" : $"raw ->> '$.{name}'";

    public string Root => _ws.Root;

    public string LedgerPath => _ws.PathOf(LedgerFile.DefaultPath);

    public string DatabasePath => _ws.PathOf("state/pxl.db");

    /// <summary>A run as pxl writes it; <paramref name="minute"/> orders the runs in time.</summary>
    public static RunRecord Run(string runId, string schedule = "nightly", string status = "success", long durationMs = 1000, int minute = 0, string goal = "goal") => new()
    {
        RunId = runId,
        Schedule = schedule,
        Trigger = "cron",
        Mode = "experimental",
        Goal = goal,
        StartedAt = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero).AddMinutes(minute),
        FinishedAt = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero).AddMinutes(minute).AddMilliseconds(durationMs),
        DurationMs = durationMs,
        Status = status,
        ExitCode = status == "success" ? 0 : 1,
        ConsecutiveFailures = status == "success" ? 0 : 1,
        LogPath = $"logs/run_cycle/{runId}.log",
        Host = "test",
    };

    public static string Line(RunRecord run) => JsonSerializer.Serialize(run, LedgerJson.Line.RunRecord);

    /// <summary>Appends lines to the ledger exactly as given (each followed by a newline).</summary>
    public void Append(params string[] lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LedgerPath)!);
        File.AppendAllText(LedgerPath, string.Concat(lines.Select(l => l + "\n")));
    }

    public void Append(params RunRecord[] runs) => Append(runs.Select(Line).ToArray());

    public Task<CliRun> PxlAsync(params string[] args) => PxlCli.RunAsync(Root, args);

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<string>> RunIdsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT run_id FROM runs ORDER BY {(IsPostgres ? "ctid" : "rowid")}";
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>The database file's bytes, hashed: equal before and after means nothing was written.</summary>
    public string DatabaseHash()
    {
        SqliteConnection.ClearAllPools();
        return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(DatabasePath)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _ws.Dispose();
    }

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(Storage.ConnectionString) : new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
