using System.Text.Json;
using PxlScheduler.Tests.Ledger;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Commands;

/// <summary>`pxl ledger stats` against a ledger built by hand, so every figure is known in advance.</summary>
public abstract class LedgerStatsTests : IAsyncLifetime
{
    private LedgerWorkspace _ws = null!;

    public async Task InitializeAsync()
    {
        _ws = await CreateWorkspaceAsync();
        Arrange(_ws);
    }

    public Task DisposeAsync()
    {
        _ws.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The workspace on the provider under test.</summary>
    private protected abstract Task<LedgerWorkspace> CreateWorkspaceAsync();

    private static void Arrange(LedgerWorkspace ws)
    {
        // nightly: durations 100..1000 ms at minutes 0..9; a failure at 6, a timeout at 7, successes after.
        string[] nightly = ["success", "success", "success", "success", "success", "success", "failure", "timeout", "success", "success"];
        ws.Append(nightly.Select((status, i) => LedgerWorkspace.Run($"n{i}", "nightly", status, (i + 1) * 100, i)).ToArray());
        ws.Append(
            LedgerWorkspace.Run("h0", "hourly", "success", 50, 0),
            LedgerWorkspace.Run("h1", "hourly", "failure", 70, 1),
            LedgerWorkspace.Run("h2", "hourly", "cancelled", 60, 2));
    }

    [Fact]
    public async Task Stats_WholeLedger_GivesTheHandCountedFigures()
    {
        await RebuildAsync();

        var stats = await StatsAsync();

        var nightly = stats["nightly"];
        Assert.Equal(10, nightly.GetProperty("runs").GetInt64());
        Assert.Equal(8, nightly.GetProperty("successes").GetInt64());
        Assert.Equal("""{"failure":1,"timeout":1}""", nightly.GetProperty("failures").GetRawText().Replace(" ", "").Replace("\n", ""));
        Assert.Equal(0, nightly.GetProperty("cancelled").GetInt64());
        Assert.Equal(500, nightly.GetProperty("p50_ms").GetInt64());   // rank ceil(0.50 * 10) = 5
        Assert.Equal(1000, nightly.GetProperty("p95_ms").GetInt64());  // rank ceil(0.95 * 10) = 10
        Assert.Equal(1000, nightly.GetProperty("max_ms").GetInt64());
        Assert.Equal("2026-11-24T08:09:00.000Z", nightly.GetProperty("last_success_at").GetString());
        Assert.Equal("success", nightly.GetProperty("streak_status").GetString());
        Assert.Equal(2, nightly.GetProperty("streak_runs").GetInt64());

        var hourly = stats["hourly"];
        Assert.Equal(3, hourly.GetProperty("runs").GetInt64());
        Assert.Equal(1, hourly.GetProperty("successes").GetInt64());
        Assert.Equal(1, hourly.GetProperty("cancelled").GetInt64());
        Assert.Equal(60, hourly.GetProperty("p50_ms").GetInt64());     // [50, 60, 70], rank 2
        Assert.Equal(70, hourly.GetProperty("p95_ms").GetInt64());     // rank 3
        Assert.Equal("2026-11-24T08:00:00.000Z", hourly.GetProperty("last_success_at").GetString());
        Assert.Equal("cancelled", hourly.GetProperty("streak_status").GetString());
        Assert.Equal(1, hourly.GetProperty("streak_runs").GetInt64());
    }

    [Fact]
    public async Task Stats_Since_CountsTheWindowButKeepsLastSuccessAndStreakWhole()
    {
        await RebuildAsync();

        var stats = await StatsAsync("--since", "2026-11-24T08:05:00Z");

        var nightly = Assert.Single(stats).Value;
        Assert.Equal(5, nightly.GetProperty("runs").GetInt64());
        Assert.Equal(3, nightly.GetProperty("successes").GetInt64());
        Assert.Equal(800, nightly.GetProperty("p50_ms").GetInt64());   // [600..1000], rank 3
        Assert.Equal(1000, nightly.GetProperty("p95_ms").GetInt64());
        Assert.Equal(2, nightly.GetProperty("streak_runs").GetInt64());
    }

    [Fact]
    public async Task Stats_ScheduleWithoutSuccess_CountsEveryRunAmongTheOthers()
    {
        // Successes are all runs less those that did not succeed (a partial index holds only those): a schedule
        // with no success must show none, and a foreign line without a status counts among the failures.
        _ws.Append(LedgerWorkspace.Run("w0", "weekly", "failure", 100, 0), LedgerWorkspace.Run("w1", "weekly", "timeout", 200, 1));
        _ws.Append("""{"run_id":"w2","schedule":"weekly","started_at":"2026-11-24T08:02:00.000Z"}""");
        await RebuildAsync();

        var weekly = (await StatsAsync("--schedule", "weekly"))["weekly"];

        Assert.Equal(3, weekly.GetProperty("runs").GetInt64());
        Assert.Equal(0, weekly.GetProperty("successes").GetInt64());
        Assert.Equal("""{"(none)":1,"failure":1,"timeout":1}""", weekly.GetProperty("failures").GetRawText().Replace(" ", "").Replace("\n", ""));
        Assert.Equal(0, weekly.GetProperty("cancelled").GetInt64());
        Assert.Equal(JsonValueKind.Null, weekly.GetProperty("last_success_at").ValueKind);
    }

    [Fact]
    public async Task Stats_Schedule_ShowsThatScheduleOnly()
    {
        await RebuildAsync();

        var stats = await StatsAsync("--schedule", "hourly");

        Assert.Equal("hourly", Assert.Single(stats).Key);
    }

    [Fact]
    public async Task Stats_UnknownSchedule_SaysThatScheduleHasNoRuns()
    {
        await RebuildAsync();

        var run = await _ws.PxlAsync("ledger", "stats", "--schedule", "nope");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("No runs of schedule 'nope' in the ledger.", run.Output.Trim());
    }

    [Fact]
    public async Task Stats_Table_HasOneLinePerSchedule()
    {
        await RebuildAsync();

        var run = await _ws.PxlAsync("ledger", "stats");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.TrimEnd().Split('\n');
        Assert.StartsWith("schedule", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^hourly\s+3\s+1\s+1 \(failure 1\)\s+1\s+0\.060 s\s+0\.070 s\s+0\.070 s\s+2026-11-24T08:00:00\.000Z\s+cancelled x1$", lines[2]);
        Assert.Matches(@"^nightly\s+10\s+8\s+2 \(failure 1, timeout 1\)\s+0\s+0\.500 s\s+1\.000 s\s+1\.000 s", lines[3]);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("7x")]
    public async Task Stats_BadSince_IsAUsageError(string since)
    {
        await RebuildAsync();

        var run = await _ws.PxlAsync("ledger", "stats", "--since", since);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--since", run.Error, StringComparison.Ordinal);
    }

    private async Task RebuildAsync() => Assert.Equal(0, (await _ws.PxlAsync("ledger", "rebuild")).ExitCode);

    private async Task<Dictionary<string, JsonElement>> StatsAsync(params string[] args)
    {
        var run = await _ws.PxlAsync(["ledger", "stats", "--json", .. args]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Output).RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("schedule").GetString()!, s => s.Clone());
    }
}

public sealed class SqliteLedgerStatsTests : LedgerStatsTests
{
    private protected override Task<LedgerWorkspace> CreateWorkspaceAsync() => Task.FromResult(new LedgerWorkspace());
}

[Collection("postgres")]
public sealed class PostgresLedgerStatsTests(PostgresServer server) : LedgerStatsTests
{
    private protected override async Task<LedgerWorkspace> CreateWorkspaceAsync() => new(await server.CreateDatabaseAsync());
}
