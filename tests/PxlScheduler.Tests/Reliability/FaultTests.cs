using System.Text.Json;
using Microsoft.Data.Sqlite;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Reliability;

/// <summary>Faults around a cycle: a database locked by another process, files PxlScheduler creates, a command that disappears.</summary>
public sealed class FaultTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Run_DatabaseLockedByAnotherProcess_RecordsInTheJsonlAndTheMirrorCatchesUpLater()
    {
        // A short busy timeout, so the test need not wait the default 30 s.
        _ws.WriteFile("appsettings.json", """{ "Storage": { "ConnectionString": "Data Source=state/pxl.db;Default Timeout=1" } }""");
        Assert.Equal(0, (await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", "/bin/true")).ExitCode);

        await using (var locker = new SqliteConnection($"Data Source={_ws.PathOf("state/pxl.db")};Pooling=False"))
        {
            await locker.OpenAsync();
            await using var transaction = locker.BeginTransaction(deferred: false);
            await using (var write = locker.CreateCommand())
            {
                write.Transaction = transaction;
                write.CommandText = "CREATE TABLE hold_the_lock (x)";
                await write.ExecuteNonQueryAsync();
            }

            var locked = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", "/bin/true");
            Assert.True(locked.ExitCode == 0, locked.ToString());
            await transaction.RollbackAsync();
        }

        Assert.Equal(2, LedgerFile.Read(_ws.Root).Count);
        Assert.Equal(1, await MirrorCountAsync());

        Assert.Equal(0, (await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", "/bin/true")).ExitCode);

        Assert.Equal(3, LedgerFile.Read(_ws.Root).Count);
        Assert.Equal(3, await MirrorCountAsync());
    }

    [Fact]
    public async Task DatabaseFolderCannotBeCreated_RunStillRecordsInTheJsonlAndServeNamesTheStore()
    {
        // The database's folder is taken by a file: the SQL mirror cannot be opened at all.
        _ws.WriteFile("blocker", "");
        _ws.WriteFile("appsettings.json", """{ "Storage": { "ConnectionString": "Data Source=blocker/pxl.db" } }""");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", "/bin/true");
        var serve = await PxlCli.RunAsync(_ws.Root, "serve");
        var verify = await PxlCli.RunAsync(_ws.Root, "ledger", "verify");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("success", Assert.Single(LedgerFile.Read(_ws.Root)).Text("status"));
        Assert.True(serve.ExitCode == 1, serve.ToString());
        Assert.StartsWith("pxl: error: the store (blocker/pxl.db, Storage:ConnectionString) cannot be used: ", serve.Error, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.StartsWith("pxl: error: the folder of the database blocker/pxl.db cannot be created: ", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FilesItCreates_AreNotWorldWritable()
    {
        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", "/bin/true");
        Assert.True(run.ExitCode == 0, run.ToString());

        var created = Directory.GetFiles(_ws.PathOf("state"), "*", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(_ws.PathOf("logs"), "*", SearchOption.AllDirectories))
            .ToList();
        Assert.NotEmpty(created);
        Assert.All(created, file => Assert.False(
            (File.GetUnixFileMode(file) & UnixFileMode.OtherWrite) != 0,
            $"{Path.GetRelativePath(_ws.Root, file)} is world-writable"));
    }

    [Fact]
    public async Task Run_CommandDeletedBetweenCycles_NextCycleIsStartFailedAndTheLoopGoesOn()
    {
        var script = _ws.WriteScript("once.sh", "rm -- \"$0\"");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "2", "--sleep", "0", "--backoff-base", "0.1", "--", script);

        Assert.Equal(1, run.ExitCode);
        var runs = LedgerFile.Read(_ws.Root);
        Assert.Equal(["success", "start_failed"], runs.Select(r => r.Text("status")));
        Assert.Contains("once.sh does not exist", runs[1].Text("error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LedgerCannotBeWritten_HaltsAfterOneCycleAndSaysWhy()
    {
        // A file where the ledger's folder should be: as good as a read-only disk, even for root.
        _ws.WriteFile("state/blocker", "");
        _ws.WriteFile("appsettings.json", """{ "Paths": { "Ledger": "state/blocker/history.jsonl" } }""");
        var script = _ws.WriteScript("count.sh", "echo x >> ran.txt");

        // A process of its own, as an operator runs it: a marker whose owner is still alive is never taken.
        using var first = PxlProcess.Start(_ws.Root, "run", "--iterations", "3", "--sleep", "0", "--", script);
        var error = first.StandardError.ReadToEndAsync();
        var output = await first.StandardOutput.ReadToEndAsync();
        await first.WaitForExitAsync();

        Assert.True(first.ExitCode == 1, output + await error);
        Assert.Contains("could not be recorded", output, StringComparison.Ordinal);
        Assert.Contains("0 cycle(s) recorded before it", output, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(_ws.PathOf("ran.txt")));
        // The unrecorded run stays in flight for the next start.
        Assert.Single(Directory.GetFiles(_ws.PathOf("state/in_flight")));
        Assert.Equal("", File.ReadAllText(_ws.PathOf("state/blocker")));

        // Still blocked: the next start says which run it cannot record, and runs nothing.
        var blocked = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);
        Assert.True(blocked.ExitCode == 1, blocked.ToString());
        Assert.True(blocked.Error.Contains("left unrecorded by an earlier pxl, still cannot be recorded", StringComparison.Ordinal), blocked.ToString());
        Assert.Single(File.ReadAllLines(_ws.PathOf("ran.txt")));

        // Mended: the run is recorded as its run log says it ended (a success, not a crash), before the new one.
        File.Delete(_ws.PathOf("state/blocker"));
        Assert.Equal(0, (await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script)).ExitCode);
        var runs = File.ReadAllLines(_ws.PathOf("state/blocker/history.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["success", "success"], runs.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(0, runs[0].GetProperty("exit_code").GetInt32());
        Assert.Equal(0, runs[0].GetProperty("consecutive_failures").GetInt32());
        Assert.Empty(Directory.GetFiles(_ws.PathOf("state/in_flight")));
    }

    [Fact]
    public async Task Run_RunLogFolderCannotBeCreated_RunsNothingAndSaysWhy()
    {
        _ws.WriteFile("logs", "not a folder");
        var script = _ws.WriteScript("count.sh", "echo x >> ran.txt");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "3", "--sleep", "0", "--", script);

        Assert.True(run.ExitCode == 1, run.ToString());
        // The cause itself, not Quartz's wrapper ("Job threw an unhandled exception").
        Assert.Contains($"a cycle could not run: Could not find a part of the path '{_ws.PathOf("logs/run_cycle")}'; 0 cycle(s) recorded before it", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.PathOf("ran.txt")));
        Assert.Empty(LedgerFile.Read(_ws.Root));
    }

    private async Task<long> MirrorCountAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_ws.PathOf("state/pxl.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM runs";
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
