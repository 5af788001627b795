using PxlScheduler.Core.Processes;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Files;

/// <summary>
/// The read-only commands on a <c>state/</c> folder that cannot be written (a read-only mount, a backup copy): they
/// read it, rather than failing with SQLite's bare "unable to open database file" or on the digests' lock file.
/// </summary>
/// <remarks>
/// Tests run as root, where <c>chmod 0555</c> stops no write; a read-only bind mount stops root too. Each `pxl` runs in
/// a mount namespace of its own (util-linux <c>unshare --mount</c>; with <c>--map-root-user</c> when not root), where
/// <c>state/</c> is bind-mounted onto itself read-only: writes fail with EROFS, exactly as on a read-only volume, and
/// nothing outside that one process sees the mount.
/// </remarks>
public sealed class ReadOnlyStateTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task ReadOnlyCommands_StateFolderMountedReadOnly_ReadItAndExitZero()
    {
        var cycle = _ws.WriteScript("cycle.sh", "echo '{\"digest\":1}' >> state/planner_digests.jsonl");
        Assert.Equal(0, (await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "2", "--sleep", "0", "--", cycle)).ExitCode);
        // Creates the Quartz store's tables, as `serve` would; then every connection is closed, the WAL checkpointed away.
        Assert.Equal(0, (await PxlCli.RunAsync(_ws.Root, "status")).ExitCode);
        SqliteConnection.ClearAllPools();
        Assert.False(File.Exists(_ws.PathOf("state/pxl.db-wal")));

        var status = await RunReadOnlyAsync("status");
        var stats = await RunReadOnlyAsync("ledger", "stats");
        var verify = await RunReadOnlyAsync("ledger", "verify");
        var query = await RunReadOnlyAsync("ledger", "query", "SELECT COUNT(*) AS n FROM runs", "--format", "csv");
        var digests = await RunReadOnlyAsync("digests", "verify");
        var write = await RunReadOnlyAsync("run", "--iterations", "1", "--", "/bin/true");

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("no schedules in the store", status.Output, StringComparison.Ordinal);
        Assert.True(stats.ExitCode == 0, stats.ToString());
        Assert.Contains("adhoc", stats.Output, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("the mirror matches the ledger", verify.Output, StringComparison.Ordinal);
        Assert.True(query.ExitCode == 0, query.ToString());
        Assert.Equal("n\n2\n", query.Output.ReplaceLineEndings("\n"));
        Assert.True(digests.ExitCode == 0, digests.ToString());
        Assert.Contains("2 archive(s) equal", digests.Output, StringComparison.Ordinal);
        // The mount is real: a command that writes is refused by the file system.
        Assert.NotEqual(0, write.ExitCode);
        Assert.False(File.Exists(_ws.PathOf("state/pxl.db-shm")));
    }

    [Fact]
    public async Task Status_ReadOnlyCopyWithoutAQuartzStore_SaysSoInOneLine()
    {
        Assert.Equal(0, (await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", "/bin/true")).ExitCode);
        SqliteConnection.ClearAllPools();

        var status = await RunReadOnlyAsync("status");

        Assert.True(status.ExitCode == 1, status.ToString());
        Assert.Equal("pxl: error: state/pxl.db holds no Quartz store, and one cannot be created because state is on a read-only file system: `pxl serve` has not run on this database\n", status.Error.ReplaceLineEndings("\n"));
    }

    /// <summary>Runs the built `pxl` with <c>state/</c> mounted read-only for it alone.</summary>
    private async Task<CliRun> RunReadOnlyAsync(params string[] args)
    {
        var mount = _ws.WriteScript("ro-mount.sh", """
            set -e
            mount --bind "$1" "$1"
            mount -o remount,bind,ro "$1"
            shift
            exec "$@"
            """);
        var psi = new ProcessStartInfo("unshare")
        {
            WorkingDirectory = _ws.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] prefix = Environment.UserName == "root" ? ["--mount", "--propagation", "private"] : ["--map-root-user", "--mount", "--propagation", "private"];
        foreach (var arg in prefix.Concat([mount, _ws.PathOf("state"), "dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "pxl.dll")]).Concat(args))
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = ChildProcesses.Start(psi);
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliRun(process.ExitCode, output, await error);
    }
}
