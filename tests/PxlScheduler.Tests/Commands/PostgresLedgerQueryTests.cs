using PxlScheduler.Tests.Ledger;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Commands;

/// <summary>
/// `pxl ledger query` on PostgreSQL, where no statement-level read-only check exists: one statement, run as a
/// subquery in a read-only transaction. Every attempt to write, or to get out of the guard, is refused with
/// exit 2 and changes nothing, the Quartz tables included.
/// </summary>
[Collection("postgres")]
public sealed class PostgresLedgerQueryTests(PostgresServer server) : IAsyncLifetime, IDisposable
{
    private LedgerWorkspace _ws = null!;

    public async Task InitializeAsync()
    {
        _ws = new LedgerWorkspace(await server.CreateDatabaseAsync());
        _ws.Append(LedgerWorkspace.Line(LedgerWorkspace.Run("r1", goal: "a;b")), LedgerWorkspace.Line(LedgerWorkspace.Run("r2", minute: 1))[..^1] + ""","tokens":1234}""");
        Assert.Equal(0, (await _ws.PxlAsync("ledger", "rebuild")).ExitCode);
        // Opening the store creates Quartz's tables, as `serve` would.
        Assert.Equal(0, (await _ws.PxlAsync("status")).ExitCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _ws?.Dispose();

    [Theory]
    [InlineData("INSERT INTO runs (run_id) VALUES ('x')")]
    [InlineData("UPDATE runs SET status = 'failure'")]
    [InlineData("DELETE FROM runs")]
    [InlineData("DROP TABLE runs")]
    [InlineData("CREATE TABLE t (x int)")]
    [InlineData("WITH gone AS (DELETE FROM runs RETURNING run_id) SELECT run_id FROM gone")]
    [InlineData("SELECT 1; DELETE FROM runs")]
    [InlineData("SELECT 1) AS x; DELETE FROM runs; SELECT (1")]
    [InlineData("COMMIT; DELETE FROM runs")]
    [InlineData("SET default_transaction_read_only = off")]
    [InlineData("SET TRANSACTION READ WRITE")]
    [InlineData("COPY runs TO STDOUT")]
    [InlineData("DO $$ BEGIN DELETE FROM runs; END $$")]
    [InlineData("SELECT run_id FROM runs FOR UPDATE")]
    [InlineData("DELETE FROM qrtz_locks")]
    [InlineData("TRUNCATE qrtz_locks")]
    [InlineData("VACUUM")]
    [InlineData("ATTACH DATABASE 'other.db' AS other")]
    [InlineData("PRAGMA query_only = OFF")]
    public async Task Query_AnyWrite_IsRefusedWithExit2AndChangesNothing(string sql)
    {
        var locks = await _ws.ScalarAsync<long>("SELECT COUNT(*) FROM qrtz_locks");

        var run = await _ws.PxlAsync("ledger", "query", sql);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("pxl: error: ", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Equal(2, await _ws.ScalarAsync<long>("SELECT COUNT(*) FROM runs"));
        Assert.Equal(1, await _ws.ScalarAsync<long>("SELECT COUNT(*) FROM runs WHERE status = 'success' AND run_id = 'r1'"));
        Assert.Equal(locks, await _ws.ScalarAsync<long>("SELECT COUNT(*) FROM qrtz_locks"));
    }

    [Theory]
    [InlineData("SELECT run_id FROM runs WHERE goal = 'a;b'", "run_id\r\nr1\r\n")]
    [InlineData("SELECT run_id FROM runs ORDER BY run_id; ", "run_id\r\nr1\r\nr2\r\n")]
    [InlineData("SELECT raw::jsonb ->> 'tokens' AS tokens FROM runs WHERE raw IS NOT NULL -- the unknown field", "tokens\r\n1234\r\n")]
    [InlineData("WITH n AS (SELECT COUNT(*) AS c FROM qrtz_locks) SELECT c >= 0 AS ok FROM n", "ok\r\nTrue\r\n")]
    public async Task Query_OneReadingStatement_Runs(string sql, string csv)
    {
        var run = await _ws.PxlAsync("ledger", "query", sql, "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(csv, run.Output);
    }

    [Fact]
    public async Task Query_SqlError_IsOneLineWithExit2()
    {
        var run = await _ws.PxlAsync("ledger", "query", "SELECT nope FROM runs");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("column \"nope\" does not exist", run.Error, StringComparison.Ordinal);
    }
}
