using System.Globalization;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Core.Ledger;

/// <summary>
/// The SQLite database of the ledger mirror (and, with <c>serve</c>, of the Quartz store): a relative
/// <c>Data Source</c> is taken from the workspace root, its folder created. WAL journal, so readers
/// never block the writer; a 30 s busy timeout, so a briefly locked database delays a write instead of
/// failing it; <c>synchronous=NORMAL</c>, which in WAL mode is durable up to the last checkpointed
/// commit — the JSONL, flushed first, is what must survive a power cut.
/// </summary>
internal sealed class LedgerDatabase
{
    private const string ScriptPrefix = "PxlScheduler.Core.Ledger.Sql.";

    public LedgerDatabase(IOptions<StorageOptions> storage, Workspace workspace)
    {
        ConnectionString = Resolve(storage.Value.ConnectionString, workspace);
        var dataSource = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        FilePath = string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" ? null : dataSource;
    }

    /// <summary><paramref name="connectionString"/> with its data source taken from the workspace root and, unless it sets one, a 30 s busy timeout.</summary>
    public static string Resolve(string connectionString, Workspace workspace)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:")
        {
            builder.DataSource = workspace.Resolve(builder.DataSource);
        }

        if (!builder.ContainsKey("Default Timeout") && !builder.ContainsKey("Command Timeout"))
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }

    public string ConnectionString { get; }

    /// <summary>The database file, when there is one.</summary>
    public string? FilePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (FilePath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA synchronous = NORMAL;", cancellationToken: cancellationToken));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates the schema, or brings it up to date; running it again changes nothing.</summary>
    /// <remarks>
    /// A new database gets 16 KiB pages, which only a new (empty) file takes: SQLite then handles a quarter
    /// of the pages, and a rebuild of a million runs measured 8.3 s of CPU against 10.8 s with the default
    /// 4 KiB (64 KiB: 7.9 s, but each recorded run would write that much more WAL). An existing database
    /// keeps its page size; README, "Benchmark", says how to convert one.
    /// </remarks>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (await IsCurrentAsync(connection, cancellationToken))
        {
            // Nothing to write: a start must not need the write lock, which another process may hold for a while.
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            PRAGMA page_size = 16384;
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS pxl_schema_migrations (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_at TEXT    NOT NULL
            );
            """,
            cancellationToken: cancellationToken));

        foreach (var (version, name, sql) in Scripts())
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM pxl_schema_migrations WHERE version = @version", new { version }, transaction, cancellationToken: cancellationToken));
            if (applied > 0)
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO pxl_schema_migrations (version, name, applied_at) VALUES (@version, @name, @appliedAt)",
                new { version, name, appliedAt = UtcInstantConverter.ToText(DateTimeOffset.UtcNow) },
                transaction,
                cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>True when the database is in WAL mode and every migration is applied; read-only, so it works while another process writes.</summary>
    private static async Task<bool> IsCurrentAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var mode = await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode", cancellationToken: cancellationToken));
        var hasTable = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'pxl_schema_migrations'", cancellationToken: cancellationToken));
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase) || hasTable == 0)
        {
            return false;
        }

        var applied = (await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM pxl_schema_migrations", cancellationToken: cancellationToken))).ToHashSet();
        return Scripts().All(script => applied.Contains(script.Version));
    }

    private static IEnumerable<(int Version, string Name, string Sql)> Scripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ScriptPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[ScriptPrefix.Length..];
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return (int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture), name, reader.ReadToEnd());
        }
    }
}
