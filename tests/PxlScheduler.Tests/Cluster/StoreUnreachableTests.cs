using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Cluster;

/// <summary>A PostgreSQL store that cannot be reached: `serve` says so and exits 1 (systemd retries); `pxl run` records in the JSONL anyway.</summary>
public sealed class StoreUnreachableTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public StoreUnreachableTests()
    {
        // Port 1 on loopback: nothing listens, so the connection is refused at once.
        _ws.WriteFile("appsettings.json", """
            { "Storage": { "Provider": "Postgres", "ConnectionString": "Host=127.0.0.1;Port=1;Username=pxl;Database=pxl" } }
            """);
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Serve_StoreUnreachable_NamesTheStoreAndExits1()
    {
        _ws.WriteFile("schedules/yearly.json", """{ "cron": "0 0 1 1 *", "command": "/bin/true" }""");

        var run = await PxlCli.RunAsync(_ws.Root, "serve");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(
            "pxl: error: the store (database pxl on 127.0.0.1:1, Storage:ConnectionString) cannot be used: Failed to connect to 127.0.0.1:1",
            run.Error.Trim());
    }

    [Fact]
    public async Task Run_StoreUnreachable_StillRecordsTheCycleInTheJsonl()
    {
        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", "/bin/true");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("success", Assert.Single(LedgerFile.Read(_ws.Root)).Text("status"));
    }
}
