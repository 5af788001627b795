using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Files;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Storage;

/// <summary>
/// The database of the ledger mirror (and, with <c>serve</c>, of the Quartz store), SQLite or PostgreSQL
/// (SPEC 10). SQLite: a relative <c>Data Source</c> is taken from the workspace root, its folder created;
/// WAL journal, so readers never block the writer; a 30 s busy timeout, so a briefly locked database
/// delays a write instead of failing it; <c>synchronous=NORMAL</c>, which in WAL mode is durable up to
/// the last checkpointed commit — the JSONL, flushed first, is what must survive a power cut.
/// PostgreSQL: one pooled data source; the schema migrations run under an advisory lock, so nodes
/// starting together apply each one once.
/// </summary>
/// <remarks>
/// A SQLite database in a folder this process cannot write (a read-only mount, a backup copy) cannot be read
/// the usual way: WAL mode needs its <c>-shm</c> index created beside it. When there is no <c>-wal</c> with
/// changes waiting, such a database is opened as an immutable snapshot (<c>immutable=1</c>, read-only): no
/// writer can be using it, since a writer needs the very files that cannot be created. With changes waiting
/// in the <c>-wal</c>, reading the file alone would miss them, so opening fails saying so.
/// </remarks>
internal sealed class LedgerDatabase : IAsyncDisposable
{
    private const string ScriptPrefix = "PxlScheduler.Core.Storage.Sql.";

    /// <summary>The key of the advisory lock that serializes schema migrations across nodes ("pxl" in ASCII).</summary>
    private const long MigrationLock = 0x70786C;

    private readonly NpgsqlDataSource? _postgres;
    private readonly Workspace _workspace;

    public LedgerDatabase(IOptions<StorageOptions> storage, Workspace workspace)
    {
        _workspace = workspace;
        Provider = storage.Value.Provider;
        NodeName = storage.Value.NodeName;
        if (Provider == StorageProvider.Postgres)
        {
            ConnectionString = storage.Value.ConnectionString;
            _postgres = NpgsqlDataSource.Create(ConnectionString);
            Topology = StorageTopology.Of(storage.Value, null, workspace);
            return;
        }

        ConnectionString = Resolve(storage.Value.ConnectionString, workspace);
        var dataSource = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        IsSnapshot = dataSource.StartsWith("file:", StringComparison.Ordinal) && dataSource.Contains("immutable=1", StringComparison.Ordinal);
        FilePath = string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" ? null
            : dataSource.StartsWith("file:", StringComparison.Ordinal) ? new Uri(dataSource.Split('?')[0]).LocalPath
            : dataSource;
        Topology = StorageTopology.Of(storage.Value, FilePath, workspace);
    }

    /// <summary><paramref name="connectionString"/> with its data source taken from the workspace root and, unless it sets one, a 30 s busy timeout.</summary>
    public static string Resolve(string connectionString, Workspace workspace)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            builder.DataSource = workspace.Resolve(builder.DataSource);
            if (CanOnlyBeReadAsSnapshot(builder.DataSource))
            {
                // SQLite's URI form; the path percent-encoded, so a '?' or '#' in it stays part of the name.
                builder.DataSource = new Uri(builder.DataSource).AbsoluteUri + "?immutable=1";
                builder.Mode = SqliteOpenMode.ReadOnly;
            }
        }

        if (!builder.ContainsKey("Default Timeout") && !builder.ContainsKey("Command Timeout"))
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }

    public StorageProvider Provider { get; }

    /// <summary>This node's name: the <c>host</c> of the rows it writes.</summary>
    public string NodeName { get; }

    public string ConnectionString { get; }

    /// <summary>What the provider implies: clustered or not, whose rows are this node's, where the serve lock is.</summary>
    public StorageTopology Topology { get; }

    /// <summary>True when the SQLite database is read as an immutable snapshot, its folder being read-only (see the remarks).</summary>
    public bool IsSnapshot { get; }

    /// <summary>The SQLite database file, when there is one.</summary>
    public string? FilePath { get; }

    /// <summary>Where the database is, for messages: the SQLite file, or PostgreSQL's database, host and port (never the password).</summary>
    public string Describe(Workspace workspace)
    {
        if (_postgres is not null)
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"database {builder.Database ?? builder.Username} on {builder.Host}:{builder.Port}";
        }

        return FilePath is null ? "an in-memory SQLite database" : workspace.Display(FilePath);
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        if (FilePath is not null)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A database that cannot be opened, like any other: the callers that carry on without the mirror
                // (a cycle, reconciliation) catch database errors, not file-system ones.
                throw new SqliteException($"the folder of the database {_workspace.Display(FilePath)} cannot be created: {e.Message}", SQLitePCL.raw.SQLITE_CANTOPEN);
            }
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA synchronous = NORMAL;", cancellationToken: cancellationToken));
            await ProbeAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Why the SQLite database's folder cannot be written ("state is on a read-only file system"), or null when it can (or on PostgreSQL).</summary>
    public string? WhyReadOnly() =>
        FilePath is { } path && Path.GetDirectoryName(path) is { } folder ? WritableFolder.WhyNot(folder, _workspace.Display(folder)) : null;

    /// <summary>
    /// A SQLite connection that can only read (<c>Mode=ReadOnly</c>), not pooled, for the read-only commands; an
    /// immutable snapshot when the folder is read-only (see the remarks).
    /// </summary>
    public async Task<SqliteConnection> OpenSqliteReadOnlyAsync(CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(ConnectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ProbeAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Reads the schema once, which is where SQLite finds that it cannot open the WAL index, and turns its bare
    /// "unable to open database file" into what is missing: the file, and why it cannot be created.
    /// </summary>
    private async Task ProbeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM sqlite_master", cancellationToken: cancellationToken));
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_CANTOPEN && FilePath is { } path)
        {
            throw new SqliteException(WhyCannotOpen(path, e), e.SqliteErrorCode);
        }
    }

    private string WhyCannotOpen(string path, SqliteException e)
    {
        var display = _workspace.Display(path);
        var folder = Path.GetDirectoryName(path)!;
        if (WritableFolder.WhyNot(folder, _workspace.Display(folder)) is not { } readOnly)
        {
            return $"cannot open the database {display}: {e.Message}";
        }

        var wal = path + "-wal";
        return File.Exists(wal) && !File.Exists(path + "-shm")
            ? $"cannot open the database {display}: {_workspace.Display(wal)} holds changes not yet in the database, and SQLite reads them only through the index {_workspace.Display(path + "-shm")}, which cannot be created because {readOnly}; copy the folder somewhere writable and read the copy"
            : $"cannot open the database {display}: SQLite needs {_workspace.Display(path + "-shm")} and {_workspace.Display(wal)} beside it and cannot create them because {readOnly}";
    }

    /// <summary>
    /// True for a database file that exists in a folder this process cannot write, with no changes waiting in a
    /// <c>-wal</c> file: it can be read only as an immutable snapshot, and no writer can be using it.
    /// </summary>
    private static bool CanOnlyBeReadAsSnapshot(string path)
    {
        var folder = Path.GetDirectoryName(path);
        if (folder is null || !File.Exists(path) || WritableFolder.WhyNot(folder, folder) is null)
        {
            return false;
        }

        var wal = new FileInfo(path + "-wal");
        return !wal.Exists || wal.Length == 0;
    }

    /// <summary>Creates the schema, or brings it up to date; running it again changes nothing.</summary>
    /// <remarks>
    /// A new database gets 16 KiB pages, which only a new (empty) file takes: SQLite then handles a quarter
    /// of the pages, and a rebuild of a million runs measured 8.3 s of CPU against 10.8 s with the default
    /// 4 KiB (64 KiB: 7.9 s, but each recorded run would write that much more WAL). An existing database
    /// keeps its page size; docs/ledger.md says how to convert one.
    /// </remarks>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (IsSnapshot)
        {
            // A read-only copy is read as it is: migrating it is impossible, and not what a reading command asked for.
            return;
        }

        await using var connection = await OpenAsync(cancellationToken);
        if (await IsCurrentAsync(connection, cancellationToken))
        {
            // Nothing to write: a start must not need the write lock, which another process may hold for a while.
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            // SQLite: 16 KiB pages for a new file (a rebuild measured 8.3 s of CPU against 10.8 s with 4 KiB); then WAL.
            (_postgres is null ? "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;" : "") +
            """
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
            if (_postgres is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLock }, transaction, cancellationToken: cancellationToken));
            }

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

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>True when every migration is applied (and SQLite is in WAL mode); read-only, so it works while another process writes.</summary>
    private async Task<bool> IsCurrentAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_postgres is null)
        {
            var mode = await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode", cancellationToken: cancellationToken));
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        var hasTable = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            _postgres is null
                ? "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'pxl_schema_migrations'"
                : "SELECT to_regclass('pxl_schema_migrations') IS NOT NULL",
            cancellationToken: cancellationToken));
        if (!hasTable)
        {
            return false;
        }

        var applied = (await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM pxl_schema_migrations", cancellationToken: cancellationToken))).ToHashSet();
        return Scripts().All(script => applied.Contains(script.Version));
    }

    /// <summary>The migrations of this provider, from <c>Sql/Sqlite</c> or <c>Sql/Postgres</c>, in version order.</summary>
    private IEnumerable<(int Version, string Name, string Sql)> Scripts()
    {
        var prefix = ScriptPrefix + Provider + ".";
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..];
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return (int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture), name, reader.ReadToEnd());
        }
    }
}
