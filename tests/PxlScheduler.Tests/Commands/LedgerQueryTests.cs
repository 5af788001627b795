using System.Text.Json;
using PxlScheduler.Tests.Ledger;

namespace PxlScheduler.Tests.Commands;

/// <summary>`pxl ledger query`: any SQL that reads, nothing that writes, and output formats a machine can parse back.</summary>
public sealed class LedgerQueryTests : IDisposable
{
    private readonly LedgerWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    // The mirror
    [InlineData("INSERT INTO runs (run_id) VALUES ('x')")]
    [InlineData("UPDATE runs SET status = 'failure'")]
    [InlineData("DELETE FROM runs")]
    [InlineData("DROP TABLE runs")]
    [InlineData("ALTER TABLE runs ADD COLUMN x TEXT")]
    [InlineData("CREATE TABLE t (x)")]
    [InlineData("CREATE TEMP TABLE t (x)")]
    [InlineData("CREATE INDEX ix_x ON runs (goal)")]
    [InlineData("WITH w AS (SELECT 1) INSERT INTO runs (run_id) SELECT 'x' FROM w")]
    [InlineData("SELECT 1; DELETE FROM runs")]
    [InlineData("REPLACE INTO runs (run_id) VALUES ('r1')")]
    // Quartz's tables
    [InlineData("DELETE FROM qrtz_locks")]
    [InlineData("UPDATE qrtz_locks SET lock_name = 'x'")]
    [InlineData("DROP TABLE qrtz_locks")]
    // The connection and the file
    [InlineData("ATTACH DATABASE 'other.db' AS other")]
    [InlineData("ATTACH DATABASE ':memory:' AS scratch")]
    [InlineData("PRAGMA user_version = 7")]
    [InlineData("PRAGMA journal_mode = DELETE")]
    [InlineData("PRAGMA query_only = OFF")]
    [InlineData("PRAGMA query_only = OFF; DELETE FROM runs")]
    [InlineData("PRAGMA writable_schema = ON")]
    [InlineData("VACUUM")]
    [InlineData("REINDEX")]
    [InlineData("ANALYZE")]
    [InlineData("BEGIN IMMEDIATE")]
    public async Task Query_WriteAttempt_IsRefusedWithExit2AndLeavesTheDatabaseUnchanged(string sql)
    {
        await SeedAsync();
        var before = _ws.DatabaseHash();

        var run = await _ws.PxlAsync("ledger", "query", sql);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("pxl: error: ", line, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
        Assert.Equal(before, _ws.DatabaseHash());
        Assert.False(File.Exists(Path.Combine(_ws.Root, "other.db")));
        Assert.Equal(2, await _ws.ScalarAsync<long>("SELECT COUNT(*) FROM runs"));
        Assert.Equal(1, await _ws.ScalarAsync<long>("SELECT COUNT(*) FROM qrtz_locks"));
    }

    [Theory]
    [InlineData("PRAGMA table_info(runs)")]
    [InlineData("PRAGMA index_list(runs)")]
    [InlineData("SELECT name FROM sqlite_master WHERE type = 'table'")]
    [InlineData("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT i FROM n")]
    [InlineData("SELECT COUNT(*) FROM qrtz_locks")]
    public async Task Query_ReadingStatement_Runs(string sql)
    {
        await SeedAsync();

        var run = await _ws.PxlAsync("ledger", "query", sql);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Query_TwiceInOneProcess_BothRun()
    {
        await SeedAsync();

        Assert.Equal(0, (await _ws.PxlAsync("ledger", "query", "SELECT 1")).ExitCode);
        Assert.Equal(0, (await _ws.PxlAsync("ledger", "stats")).ExitCode);
        Assert.Equal(0, (await _ws.PxlAsync("ledger", "query", "SELECT 2")).ExitCode);
    }

    [Fact]
    public async Task Query_SqlError_IsOneLineWithExit2()
    {
        await SeedAsync();

        var run = await _ws.PxlAsync("ledger", "query", "SELECT nope FROM runs");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("pxl: error: statement 1: no such column: nope", run.Error.Trim());
    }

    [Fact]
    public async Task Query_ReadsQuartzTablesAndUnknownFieldsThroughJsonFunctions()
    {
        await SeedAsync();
        _ws.Append("""{"run_id":"f1","schedule":"nightly","status":"success","planner":{"model":"m-2"}}""");
        Assert.Equal(0, (await _ws.PxlAsync("ledger", "rebuild")).ExitCode);

        var run = await _ws.PxlAsync("ledger", "query", "SELECT raw ->> '$.planner.model' AS model FROM runs WHERE run_id = 'f1'", "--format", "csv");

        Assert.Equal("model\r\nm-2\r\n", run.Output);
    }

    [Fact]
    public async Task Query_Json_ParsesBackWithSqliteTypes()
    {
        await SeedAsync();

        var run = await _ws.PxlAsync("ledger", "query", "SELECT run_id, duration_ms, duration_ms / 4.0 AS quarter, archive_path, goal FROM runs ORDER BY run_id", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var rows = JsonDocument.Parse(run.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("r1", rows[0].GetProperty("run_id").GetString());
        Assert.Equal(1000, rows[0].GetProperty("duration_ms").GetInt64());
        Assert.Equal(250.0, rows[0].GetProperty("quarter").GetDouble());
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("archive_path").ValueKind);
        Assert.Equal(Tricky, rows[1].GetProperty("goal").GetString());
    }

    [Fact]
    public async Task Query_Json_RealsJsonCannotHold_AreWrittenAsText()
    {
        await SeedAsync();

        var run = await _ws.PxlAsync("ledger", "query", "SELECT 1e999 AS up, -1e999 AS down, 0.5 AS half", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var row = Assert.Single(JsonDocument.Parse(run.Output).RootElement.EnumerateArray().ToList());
        Assert.Equal("Infinity", row.GetProperty("up").GetString());
        Assert.Equal("-Infinity", row.GetProperty("down").GetString());
        Assert.Equal(0.5, row.GetProperty("half").GetDouble());
    }

    [Fact]
    public async Task Query_Csv_QuotesCommasQuotesAndNewlinesPerRfc4180()
    {
        await SeedAsync();

        var run = await _ws.PxlAsync("ledger", "query", "SELECT run_id, goal, archive_path FROM runs ORDER BY run_id", "--format", "csv");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            [["run_id", "goal", "archive_path"], ["r1", "goal", ""], ["r2", Tricky, ""]],
            ParseCsv(run.Output));
        Assert.Contains("\"say \"\"hi\"\", then, go\nnext line\"", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_Table_AlignsColumnsShowsNullAndCountsRows()
    {
        await SeedAsync();

        var run = await _ws.PxlAsync("ledger", "query", "SELECT run_id, archive_path FROM runs ORDER BY run_id");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["run_id  archive_path", "------  ------------", "r1      NULL", "r2      NULL", "(2 rows)"], run.Output.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Query_NoDatabaseYet_SaysHowToMakeOneWithExit2()
    {
        var run = await _ws.PxlAsync("ledger", "query", "SELECT 1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pxl ledger rebuild", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.DatabasePath));
    }

    private const string Tricky = "say \"hi\", then, go\nnext line";

    private async Task SeedAsync()
    {
        _ws.Append(LedgerWorkspace.Run("r1"), LedgerWorkspace.Run("r2", goal: Tricky, minute: 1));
        Assert.Equal(0, (await _ws.PxlAsync("ledger", "rebuild")).ExitCode);
        await _ws.ExecuteAsync("CREATE TABLE qrtz_locks (sched_name TEXT NOT NULL, lock_name TEXT NOT NULL); INSERT INTO qrtz_locks VALUES ('pxl', 'TRIGGER_ACCESS')");
    }

    /// <summary>An RFC 4180 reader, written separately from the writer so the test does not check the code against itself.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }
}
