using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Ledger.Mirror;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Storage;
using PxlScheduler.Tests.Ledger;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Commands;

/// <summary>`pxl ledger rebuild` and `verify`, and the reconciliation every start runs: the mirror kept true to the JSONL, which is never rewritten.</summary>
public abstract class LedgerMirrorTests : IAsyncLifetime
{
    private LedgerWorkspace _ws = null!;

    public async Task InitializeAsync()
    {
        _ws = await CreateWorkspaceAsync();
    }

    public Task DisposeAsync()
    {
        _ws.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The workspace on the provider under test.</summary>
    private protected abstract Task<LedgerWorkspace> CreateWorkspaceAsync();

    [Fact]
    public async Task Rebuild_MessyLedger_ImportsWhatItCanAndNamesEveryOtherLine()
    {
        _ws.Append(LedgerWorkspace.Line(LedgerWorkspace.Run("r1")));                                                // 1
        _ws.Append("");                                                                                             // 2 blank
        _ws.Append("not json at all");                                                                              // 3
        _ws.Append("""{"run_id":"old1","schedule":"nightly","status":"failure","duration_ms":"12","exit_code":2}"""); // 4 older writer
        _ws.Append(LedgerWorkspace.Line(LedgerWorkspace.Run("r1", status: "failure")));                            // 5 duplicate
        _ws.Append("[1,2,3]");                                                                                      // 6
        _ws.Append(LedgerWorkspace.Line(LedgerWorkspace.Run("r2", minute: 1))[..^1] + ""","tokens":1234}""");    // 7 extra field
        File.AppendAllText(_ws.LedgerPath, """{"run_id":"torn","sched""");                                         // 8 torn, no newline
        var before = File.ReadAllBytes(_ws.LedgerPath);

        var run = await _ws.PxlAsync("ledger", "rebuild");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["r1", "old1", "r2"], await _ws.RunIdsAsync());
        var warnings = run.Error.Split('\n').Where(l => l.StartsWith("pxl: warning:", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("history.jsonl:2: blank line; skipped", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("history.jsonl:3: not JSON", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("history.jsonl:4: imported in part", StringComparison.Ordinal) && w.Contains("duration_ms is a string", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("history.jsonl:5: duplicate run_id r1", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("history.jsonl:6: a JSON array, not an object; skipped", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("history.jsonl:7: unknown fields kept in raw: tokens", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("history.jsonl:8: torn last line", StringComparison.Ordinal));
        Assert.Contains("3 runs from 8 lines", run.Output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_ws.LedgerPath));

        // The first line of a duplicated run wins; a foreign line keeps what it had, NULL for the rest, and itself in raw.
        Assert.Equal("success", await _ws.ScalarAsync<string>("SELECT status FROM runs WHERE run_id = 'r1'"));
        Assert.Equal(2, await _ws.ScalarAsync<long>("SELECT exit_code FROM runs WHERE run_id = 'old1' AND duration_ms IS NULL AND host IS NULL"));
        Assert.Equal("12", await _ws.ScalarAsync<string>($"SELECT {_ws.RawField("duration_ms")} FROM runs WHERE run_id = 'old1'"));
        Assert.Equal(1234, await _ws.ScalarAsync<long>($"SELECT {_ws.RawField("tokens")} FROM runs WHERE run_id = 'r2'"));
        Assert.Equal(1, await _ws.ScalarAsync<long>("SELECT CASE WHEN raw IS NULL THEN 1 ELSE 0 END FROM runs WHERE run_id = 'r1'"));
    }

    [Fact]
    public async Task Rebuild_LedgerOfManyBatches_KeepsFileOrderAndLineNumbers()
    {
        // Lines are parsed on a second thread in batches of at most 4096 lines or about 2 MiB; what
        // crosses a batch must come out as if read in one pass.
        var lines = Enumerable.Range(0, 10_000).Select(i => LedgerWorkspace.Line(LedgerWorkspace.Run($"r{i:D5}", minute: i))).ToList();
        lines[4096] = "not json";
        lines[9_000] = lines[10];
        lines[9_500] = LedgerWorkspace.Line(LedgerWorkspace.Run("long", goal: new string('g', 3 << 20)));
        _ws.Append([.. lines]);

        var run = await _ws.PxlAsync("ledger", "rebuild");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("9998 runs from 10000 lines", run.Output, StringComparison.Ordinal);
        var warnings = run.Error.Split('\n').Where(l => l.StartsWith("pxl: warning:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains("history.jsonl:4097: not JSON", warnings[0], StringComparison.Ordinal);
        Assert.Contains("history.jsonl:9001: duplicate run_id r00010", warnings[1], StringComparison.Ordinal);
        var ids = await _ws.RunIdsAsync();
        Assert.Equal(9_998, ids.Count);
        Assert.Equal(["r04095", "r04097"], ids.Skip(4095).Take(2));
        Assert.Equal(3 << 20, await _ws.ScalarAsync<long>("SELECT length(goal) FROM runs WHERE run_id = 'long'"));
        Assert.Equal("r09999", ids[^1]);
    }

    [Fact]
    public async Task Rebuild_EveryColumn_HoldsTheValueOfItsLine()
    {
        // Text values are bound straight from the line's bytes; each row must hold its own line's values,
        // escapes decoded, an empty text empty and not NULL.
        var lines = Enumerable.Range(0, 3000).Select(i => LedgerWorkspace.Run($"r{i:D4}", schedule: $"s{i % 7}", durationMs: i, minute: i)).ToList();
        lines[1] = LedgerWorkspace.Run("r0001", goal: "ünïcode \"quoted\"\n✓") with { Error = "exit 3, \"boom\"", ArchivePath = "archive/r0001" };
        lines[2] = LedgerWorkspace.Run("r0002", goal: "") with { Error = "" };
        _ws.Append([.. lines]);

        Assert.Equal(0, (await _ws.PxlAsync("ledger", "rebuild")).ExitCode);

        foreach (var i in new[] { 0, 1, 2, 1234, 2999 })
        {
            var run = lines[i];
            var row = await _ws.ScalarAsync<string>(
                $"SELECT schedule || '|' || goal || '|' || started_at || '|' || finished_at || '|' || duration_ms || '|' || status || '|' || exit_code || '|' || " +
                $"log_path || '|' || COALESCE(archive_path, '(null)') || '|' || COALESCE(error, '(null)') || '|' || host FROM runs WHERE run_id = '{run.RunId}'");
            Assert.Equal(
                $"{run.Schedule}|{run.Goal}|{run.StartedAt:yyyy-MM-ddTHH:mm:ss.fffZ}|{run.FinishedAt:yyyy-MM-ddTHH:mm:ss.fffZ}|{run.DurationMs}|{run.Status}|{run.ExitCode}|" +
                $"{run.LogPath}|{run.ArchivePath ?? "(null)"}|{run.Error ?? "(null)"}|{run.Host}",
                row);
        }
    }

    [Fact]
    public async Task Rebuild_NotATerminal_PrintsPlainProgressLines()
    {
        _ws.Append(LedgerWorkspace.Run("r1"));

        var run = await _ws.PxlAsync("ledger", "rebuild");

        var progress = run.Error.ReplaceLineEndings("\n").Split('\n').Where(l => l.StartsWith("pxl ledger rebuild:", StringComparison.Ordinal)).ToList();
        // After the last line, SQLite creates the indexes it dropped; PostgreSQL's stay in place.
        Assert.Equal(
            _ws.IsPostgres
                ? ["pxl ledger rebuild: 100% (1 lines)", "pxl ledger rebuild: committing"]
                : ["pxl ledger rebuild: 100% (1 lines)", "pxl ledger rebuild: creating the indexes", "pxl ledger rebuild: committing"],
            progress);
        Assert.DoesNotContain("\r", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_LineAsPxlWritesIt_StoresNoRawCopy()
    {
        var workspace = new Workspace(_ws.Root);
        var database = new LedgerDatabase(Options.Create(_ws.Storage), workspace);
        await database.EnsureSchemaAsync(CancellationToken.None);
        using var jsonl = new JsonlLedger(workspace, Options.Create(new PathsOptions()));
        var ledger = new RunLedger(jsonl, new SqlLedgerMirror(database), workspace, NullLogger<RunLedger>.Instance);

        await ledger.AppendAsync(LedgerWorkspace.Run("r1", goal: "ünïcode \"quoted\"\n✓"), CancellationToken.None);

        Assert.Equal(1, await _ws.ScalarAsync<long>("SELECT CASE WHEN raw IS NULL THEN 1 ELSE 0 END FROM runs WHERE run_id = 'r1'"));
        Assert.Equal(0, (await _ws.PxlAsync("ledger", "verify")).ExitCode);
    }

    [Fact]
    public async Task Rebuild_LedgerFileMissing_IsRefusedAndTheMirrorKept()
    {
        _ws.Append(LedgerWorkspace.Run("r1"), LedgerWorkspace.Run("r2", minute: 1));
        await RebuildAsync();
        File.Move(_ws.LedgerPath, _ws.LedgerPath + ".moved");

        var rebuild = await _ws.PxlAsync("ledger", "rebuild");
        var verify = await _ws.PxlAsync("ledger", "verify");

        Assert.True(rebuild.ExitCode == 2, rebuild.ToString());
        Assert.StartsWith(
            "pxl: error: the ledger state/run_cycle_history.jsonl (Paths:Ledger) does not exist, and a rebuild would empty the mirror of its 2 run(s); nothing was changed.",
            rebuild.Error,
            StringComparison.Ordinal);
        Assert.Equal(["r1", "r2"], await _ws.RunIdsAsync());
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("ledger: state/run_cycle_history.jsonl: does not exist (Paths:Ledger)", verify.Output, StringComparison.Ordinal);
        Assert.Contains("verify: DRIFT; the ledger file is missing: restore it, or correct Paths:Ledger", verify.Output, StringComparison.Ordinal);

        // An empty file is a deliberate "no runs".
        File.WriteAllText(_ws.LedgerPath, "");
        Assert.Equal(0, (await _ws.PxlAsync("ledger", "rebuild")).ExitCode);
        Assert.Empty(await _ws.RunIdsAsync());
    }

    [Fact]
    public async Task Verify_MirrorMatches_Exits0()
    {
        _ws.Append(LedgerWorkspace.Run("r1"), LedgerWorkspace.Run("r2", minute: 1));
        await RebuildAsync();

        var run = await _ws.PxlAsync("ledger", "verify");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("2 lines, 2 runs", run.Output, StringComparison.Ordinal);
        Assert.Contains("verify: the mirror matches the ledger", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MissingExtraAndDifferentRows_AreNamedAndExit1()
    {
        _ws.Append(LedgerWorkspace.Run("r1"), LedgerWorkspace.Run("r2", minute: 1), LedgerWorkspace.Run("r3", minute: 2));
        await RebuildAsync();
        await _ws.ExecuteAsync("DELETE FROM runs WHERE run_id = 'r2'");
        await _ws.ExecuteAsync("INSERT INTO runs (run_id, schedule) VALUES ('ghost', 'nightly')");
        await _ws.ExecuteAsync("UPDATE runs SET status = 'failure', duration_ms = 1 WHERE run_id = 'r3'");

        var run = await _ws.PxlAsync("ledger", "verify");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("missing from the mirror: 1\n  r2\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("extra in the mirror: 1\n  ghost\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("different: 1\n  r3 (duration_ms, status)\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("verify: DRIFT", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_LostUnknownFields_IsDrift()
    {
        _ws.Append(LedgerWorkspace.Line(LedgerWorkspace.Run("r1"))[..^1] + ""","tokens":1}""");
        await RebuildAsync();
        await _ws.ExecuteAsync("UPDATE runs SET raw = NULL");

        var run = await _ws.PxlAsync("ledger", "verify");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("r1 (raw)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AfterRowsWereDeleted_FillsThemFromTheJsonl()
    {
        _ws.Append(Enumerable.Range(0, 5).Select(i => LedgerWorkspace.Run($"r{i}", minute: i)).ToArray());
        await RebuildAsync();
        await _ws.ExecuteAsync("DELETE FROM runs WHERE run_id IN ('r1', 'r3')");

        await StartAsync();

        Assert.Equal(["r0", "r2", "r4", "r1", "r3"], await _ws.RunIdsAsync());
        Assert.Equal(0, (await _ws.PxlAsync("ledger", "verify")).ExitCode);
    }

    [Fact]
    public async Task Start_AfterRunsTheMirrorMissed_FillsOnlyTheNewLinesAndIsIdempotent()
    {
        _ws.Append(LedgerWorkspace.Run("r0"));
        await StartAsync();
        _ws.Append(LedgerWorkspace.Run("r1", minute: 1), LedgerWorkspace.Run("r2", minute: 2));

        await StartAsync();
        await StartAsync();

        Assert.Equal(["r0", "r1", "r2"], await _ws.RunIdsAsync());
        Assert.Equal(new FileInfo(_ws.LedgerPath).Length, await _ws.ScalarAsync<long>("SELECT byte_offset FROM pxl_ledger_sync"));
    }

    [Fact]
    public async Task Start_RowsDeletedAndAsManyNewRunsMirrored_StillFindsTheGap()
    {
        _ws.Append(LedgerWorkspace.Run("r0"), LedgerWorkspace.Run("r1", minute: 1));
        await StartAsync();
        await _ws.ExecuteAsync("DELETE FROM runs WHERE run_id = 'r0'");
        // A run recorded while nothing reconciled: in the JSONL and in the mirror, so the count is back where it was.
        _ws.Append(LedgerWorkspace.Run("r2", minute: 2));
        await _ws.ExecuteAsync("INSERT INTO runs (run_id, schedule) VALUES ('r2', 'nightly')");

        await StartAsync();

        Assert.Contains("r0", await _ws.RunIdsAsync());
    }

    [Fact]
    public async Task Start_LedgerReplacedByAnotherFile_ReadsItWhole()
    {
        _ws.Append(LedgerWorkspace.Run("a0"), LedgerWorkspace.Run("a1", minute: 1));
        await StartAsync();
        File.Delete(_ws.LedgerPath);
        _ws.Append(LedgerWorkspace.Run("b0", goal: "another ledger, longer than the first one was"), LedgerWorkspace.Run("b1", minute: 1), LedgerWorkspace.Run("b2", minute: 2));

        await StartAsync();

        Assert.Equal(["a0", "a1", "b0", "b1", "b2"], await _ws.RunIdsAsync());
    }

    private async Task RebuildAsync() => Assert.Equal(0, (await _ws.PxlAsync("ledger", "rebuild")).ExitCode);

    private async Task StartAsync()
    {
        var workspace = new Workspace(_ws.Root);
        var paths = Options.Create(new PathsOptions());
        var database = new LedgerDatabase(Options.Create(_ws.Storage), workspace);
        var initializer = new LedgerInitializer(
            database, new LedgerReconciler(database, workspace, paths), workspace, paths, NullLogger<LedgerInitializer>.Instance);
        await initializer.StartAsync(CancellationToken.None);
    }
}

public sealed class SqliteLedgerMirrorTests : LedgerMirrorTests
{
    private protected override Task<LedgerWorkspace> CreateWorkspaceAsync() => Task.FromResult(new LedgerWorkspace());
}

[Collection("postgres")]
public sealed class PostgresLedgerMirrorTests(PostgresServer server) : LedgerMirrorTests
{
    private protected override async Task<LedgerWorkspace> CreateWorkspaceAsync() => new(await server.CreateDatabaseAsync());
}
