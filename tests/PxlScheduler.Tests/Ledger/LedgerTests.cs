using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Storage;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Ledger;

/// <summary>The JSONL ledger and its SQLite mirror on real files: order, idempotence and what survives a failure.</summary>
public sealed class LedgerTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Append_RecordsOneLineAndOneRowThatAgree()
    {
        var ledger = Ledger(out var mirror, out var database);
        await database.EnsureSchemaAsync(CancellationToken.None);

        await ledger.AppendAsync(Record("r1"), CancellationToken.None);

        var line = Assert.Single(LedgerFile.Read(_ws.Root));
        var row = await mirror.GetAsync("r1", CancellationToken.None);
        Assert.NotNull(row);
        Assert.Equal(line.Text("status"), row.Status);
        Assert.Equal(line.Instant("started_at"), row.StartedAt);
        Assert.Equal("2026-11-24T08:00:00.125Z", line.Text("started_at"));
    }

    [Fact]
    public async Task Insert_SameRunTwice_KeepsOneRow()
    {
        var ledger = Ledger(out var mirror, out var database);
        await database.EnsureSchemaAsync(CancellationToken.None);

        Assert.True(await mirror.InsertAsync(Record("r1"), "{}", CancellationToken.None));
        Assert.False(await mirror.InsertAsync(Record("r1"), "{}", CancellationToken.None));

        Assert.Equal(1, await mirror.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task EnsureSchema_Twice_ChangesNothing()
    {
        var ledger = Ledger(out var mirror, out var database);
        await database.EnsureSchemaAsync(CancellationToken.None);
        await mirror.InsertAsync(Record("r1"), "{}", CancellationToken.None);

        await database.EnsureSchemaAsync(CancellationToken.None);

        Assert.Equal(1, await mirror.CountAsync(CancellationToken.None));
        await using var connection = new SqliteConnection($"Data Source={_ws.PathOf("state/pxl.db")}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        // A new database takes 16 KiB pages: a quarter of the pages to handle makes a rebuild cheaper.
        command.CommandText = "PRAGMA page_size";
        Assert.Equal(16384L, (long?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task EnsureSchema_GivesTheIndexesStatsUses()
    {
        Ledger(out _, out var database);

        await database.EnsureSchemaAsync(CancellationToken.None);

        // Migration 002 made ix_runs_schedule_status; 003 replaces it by a partial index a rebuild sorts quickly.
        await using var connection = new SqliteConnection($"Data Source={_ws.PathOf("state/pxl.db")}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(name || ': ' || sql, char(10)) FROM (SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs' AND sql IS NOT NULL ORDER BY name)";
        Assert.Equal(
            """
            ix_runs_schedule_duration: CREATE INDEX ix_runs_schedule_duration ON runs (schedule, duration_ms, started_at)
            ix_runs_schedule_started_status: CREATE INDEX ix_runs_schedule_started_status ON runs (schedule, started_at, status)
            ix_runs_schedule_unsuccessful: CREATE INDEX ix_runs_schedule_unsuccessful ON runs (schedule, status, started_at) WHERE status IS DISTINCT FROM 'success'
            ix_runs_started: CREATE INDEX ix_runs_started ON runs (started_at)
            """.ReplaceLineEndings("\n"),
            (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Append_MirrorUnwritable_KeepsTheJsonlLineAndDoesNotThrow()
    {
        // A directory where the database file should be: SQLite cannot open it.
        Directory.CreateDirectory(_ws.PathOf("state/pxl.db"));
        var ledger = Ledger(out _, out _);

        await ledger.AppendAsync(Record("r1"), CancellationToken.None);

        Assert.Equal("r1", Assert.Single(LedgerFile.Read(_ws.Root)).Text("run_id"));
    }

    [Fact]
    public async Task Append_AfterATornLine_StartsOnAFreshLineAndLeavesTheTornBytes()
    {
        Directory.CreateDirectory(_ws.PathOf("state"));
        const string torn = "{\"run_id\":\"crashed\",\"sta";
        await File.WriteAllTextAsync(_ws.PathOf(LedgerFile.DefaultPath), torn);
        var ledger = Ledger(out _, out var database);
        await database.EnsureSchemaAsync(CancellationToken.None);

        await ledger.AppendAsync(Record("r1"), CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(_ws.PathOf(LedgerFile.DefaultPath));
        Assert.Equal(2, lines.Length);
        Assert.Equal(torn, lines[0]);
        Assert.Contains("\"run_id\":\"r1\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_AfterATornLineLeftByAnotherWriterBetweenTwoAppends_StartsOnAFreshLine()
    {
        var ledger = Ledger(out _, out var database);
        await database.EnsureSchemaAsync(CancellationToken.None);
        await ledger.AppendAsync(Record("r1"), CancellationToken.None);
        const string torn = "{\"run_id\":\"other\",\"sta";
        await File.AppendAllTextAsync(_ws.PathOf(LedgerFile.DefaultPath), torn);

        await ledger.AppendAsync(Record("r2"), CancellationToken.None);
        await ledger.AppendAsync(Record("r3"), CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(_ws.PathOf(LedgerFile.DefaultPath));
        Assert.Equal(4, lines.Length);
        Assert.Equal(torn, lines[1]);
        Assert.Contains("\"run_id\":\"r2\"", lines[2], StringComparison.Ordinal);
        Assert.Contains("\"run_id\":\"r3\"", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_TornAndForeignLines_AreReportedWithTheirNumbers()
    {
        Directory.CreateDirectory(_ws.PathOf("state"));
        var ledger = Ledger(out _, out var database);
        await database.EnsureSchemaAsync(CancellationToken.None);
        await ledger.AppendAsync(Record("r1"), CancellationToken.None);
        await File.AppendAllTextAsync(_ws.PathOf(LedgerFile.DefaultPath), "not json\n\n{\"run_id\":");
        await ledger.AppendAsync(Record("r2"), CancellationToken.None);

        var jsonl = new JsonlLedger(new Workspace(_ws.Root), Options.Create(new PathsOptions()));
        var lines = await jsonl.ReadAsync(CancellationToken.None).ToListAsync();

        Assert.Equal([1L, 2L, 4L, 5L], lines.Select(l => l.LineNumber));
        Assert.Equal(["r1", null, null, "r2"], lines.Select(l => l.Record?.RunId));
        Assert.All(lines.Where(l => l.Record is null), l => Assert.NotNull(l.Problem));
    }

    [Fact]
    public async Task Latest_Written_IsReplacedWholeAndLeavesNoTempFile()
    {
        var latest = await LatestHoldingAsync("r1");
        await latest.WriteAsync(State("r2"), CancellationToken.None);

        Assert.Equal("r2", (await latest.ReadAsync(CancellationToken.None))?.RunId);
        AssertOnlyLatestInItsFolder();
    }

    [Fact]
    public async Task Latest_PreparedButNotCommitted_KeepsTheOldFileAndLeavesNoTempFile()
    {
        var latest = await LatestHoldingAsync("r1");

        using (latest.Prepare(State("r2")))
        {
            Assert.Equal("r1", (await latest.ReadAsync(CancellationToken.None))?.RunId);
        }

        Assert.Equal("r1", (await latest.ReadAsync(CancellationToken.None))?.RunId);
        AssertOnlyLatestInItsFolder();
    }

    [Fact]
    public async Task Latest_PreparedAndCommitted_IsTheNewContent()
    {
        var latest = await LatestHoldingAsync("r1");

        using (var replacement = latest.Prepare(State("r2")))
        {
            replacement.Commit();
        }

        Assert.Equal("r2", (await latest.ReadAsync(CancellationToken.None))?.RunId);
        AssertOnlyLatestInItsFolder();
    }

    private async Task<LatestPointer> LatestHoldingAsync(string runId)
    {
        var latest = new LatestPointer(new Workspace(_ws.Root), Options.Create(new PathsOptions()));
        await latest.WriteAsync(State(runId), CancellationToken.None);
        return latest;
    }

    private void AssertOnlyLatestInItsFolder() =>
        Assert.Equal(["latest.json"], Directory.GetFiles(_ws.PathOf("logs/run_cycle")).Select(Path.GetFileName));

    private RunLedger Ledger(out SqlLedgerMirror mirror, out LedgerDatabase database)
    {
        var workspace = new Workspace(_ws.Root);
        database = new LedgerDatabase(Options.Create(new StorageOptions()), workspace);
        mirror = new SqlLedgerMirror(database);
        var jsonl = new JsonlLedger(workspace, Options.Create(new PathsOptions()));
        return new RunLedger(jsonl, mirror, workspace, NullLogger<RunLedger>.Instance);
    }

    private static RunRecord Record(string runId) => new()
    {
        RunId = runId,
        Schedule = "nightly",
        Trigger = "cron",
        Mode = "experimental",
        Goal = "goal",
        StartedAt = new DateTimeOffset(2026, 11, 24, 8, 0, 0, 125, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2026, 11, 24, 8, 0, 1, 0, TimeSpan.Zero),
        DurationMs = 875,
        Status = "success",
        ExitCode = 0,
        ConsecutiveFailures = 0,
        Host = "test",
    };

    private static LatestState State(string runId) => new()
    {
        RunId = runId,
        Schedule = "nightly",
        Status = "success",
        StartedAt = DateTimeOffset.UnixEpoch,
        FinishedAt = DateTimeOffset.UnixEpoch,
        DurationMs = 0,
        ConsecutiveFailures = 0,
        Halted = false,
    };
}
