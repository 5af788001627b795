using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;
using PxlScheduler.Core.Processes;

namespace PxlScheduler.Tests.Support;

/// <summary>
/// The PostgreSQL server of the "postgres" test collection; each test asks it for a fresh empty database.
/// The server is the one in PXL_TEST_POSTGRES (a superuser connection string) when that is set, otherwise a
/// throwaway one started with <c>tools/postgres.sh run</c> and stopped at the end.
/// </summary>
/// <remarks>
/// <c>run</c>, not <c>start</c>: the test host is a child subreaper once a cycle has run in it, so the daemon
/// <c>pg_ctl start</c> leaves would be re-parented to it, and a cycle ending in another test would take the
/// postmaster for a child it escaped and stop it (every PostgreSQL test then failed with 57P01). Under <c>run</c>
/// the server stays a child of the script, a child .NET started, and no sweep ever sees it as adopted.
/// </remarks>
[CollectionDefinition("postgres")]
public sealed partial class PostgresServer : IAsyncLifetime, ICollectionFixture<PostgresServer>
{
    public const string EnvironmentVariable = "PXL_TEST_POSTGRES";

    private const string NotFound =
        "PostgreSQL server binaries not found: run tools/postgres.sh install, or set PXL_TEST_POSTGRES to a superuser connection string";

    /// <summary>tools/postgres.sh start exits with this when it finds no initdb/pg_ctl.</summary>
    private const int NotFoundExitCode = 3;

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(120);

    private readonly List<string> _databases = [];
    private readonly Lock _gate = new();
    private string? _adminConnectionString;
    private string? _serverDirectory;
    private string? _script;
    private Process? _server;

    /// <summary>The superuser connection string of the server (its `postgres` database).</summary>
    public string AdminConnectionString => _adminConnectionString ?? throw new InvalidOperationException("The server is not started.");

    private readonly bool _throwaway;

    public PostgresServer()
        : this(throwaway: false)
    {
    }

    /// <param name="throwaway">A server of its own even when PXL_TEST_POSTGRES names one.</param>
    internal PostgresServer(bool throwaway) => _throwaway = throwaway;

    /// <summary>The throwaway server's folder (its data directory is <c>data/</c>); null for a configured server.</summary>
    internal string? ServerDirectory => _serverDirectory;

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!_throwaway && !string.IsNullOrWhiteSpace(configured))
        {
            _adminConnectionString = configured;
            return;
        }

        _script = Path.Combine(RepositoryRoot(), "tools", "postgres.sh");
        _server = ChildProcesses.Start(ScriptStartInfo("run"));
        var error = _server.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        Match line = Match.Empty;
        try
        {
            while (!line.Success && await _server.StandardOutput.ReadLineAsync(timeout.Token) is { } output)
            {
                line = ExportLine().Match(output);
            }
        }
        catch (OperationCanceledException)
        {
            _server.Kill(entireProcessTree: true);
            throw new TimeoutException($"tools/postgres.sh run printed no connection string in {ScriptTimeout.TotalSeconds:0} s.");
        }

        if (!line.Success)
        {
            await _server.WaitForExitAsync();
            if (_server.ExitCode == NotFoundExitCode)
            {
                throw new InvalidOperationException(NotFound);
            }

            throw new InvalidOperationException($"tools/postgres.sh run failed (exit {_server.ExitCode}): {await error}");
        }

        _adminConnectionString = line.Groups["cs"].Value;
        _serverDirectory = line.Groups["dir"].Value;
    }

    /// <summary>Creates a new empty database `pxl_test_&lt;random hex&gt;` and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "pxl_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        await ExecuteAsync("CREATE DATABASE " + QuoteIdentifier(name));
        lock (_gate)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_adminConnectionString is null)
        {
            return;
        }

        // Connections pooled by the tests would hold their databases open.
        NpgsqlConnection.ClearAllPools();
        string[] databases;
        lock (_gate)
        {
            databases = [.. _databases];
        }

        foreach (var name in databases)
        {
            try
            {
                await ExecuteAsync("DROP DATABASE IF EXISTS " + QuoteIdentifier(name) + " WITH (FORCE)");
            }
            catch (NpgsqlException)
            {
                // Best effort: a throwaway server goes away below; on a shared one the database is left behind.
            }
        }

        NpgsqlConnection.ClearAllPools();
        if (_serverDirectory is not null)
        {
            var stop = await RunScriptAsync("stop", _serverDirectory);
            if (stop.ExitCode != 0)
            {
                throw new InvalidOperationException($"tools/postgres.sh stop failed: {stop}");
            }
        }

        if (_server is not null)
        {
            // The script's `wait` returns once the server is stopped.
            using var timeout = new CancellationTokenSource(ScriptTimeout);
            await _server.WaitForExitAsync(timeout.Token);
            _server.Dispose();
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private async Task<CliRun> RunScriptAsync(params string[] args)
    {
        using var process = ChildProcesses.Start(ScriptStartInfo(args));
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tools/postgres.sh {string.Join(' ', args)} did not finish in {ScriptTimeout.TotalSeconds:0} s.");
        }

        return new CliRun(process.ExitCode, await output, await error);
    }

    private ProcessStartInfo ScriptStartInfo(params string[] args)
    {
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(_script!);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        return psi;
    }

    /// <summary>The folder holding PxlScheduler.sln, found upwards from the test binaries.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PxlScheduler.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"PxlScheduler.sln not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^export PXL_TEST_POSTGRES='(?<cs>[^']+)' PXL_TEST_POSTGRES_DIR=(?<dir>\S+)$", RegexOptions.Multiline)]
    private static partial Regex ExportLine();
}
