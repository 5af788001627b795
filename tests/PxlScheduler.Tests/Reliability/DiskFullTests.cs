using PxlScheduler.Core.Processes;
using System.Diagnostics;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Reliability;

/// <summary>
/// A disk that fills up, with the shipped <c>appsettings.json</c>: stderr gets one line per problem, naming the file
/// and the cause; the stack traces belong in the log file, not on the operator's terminal.
/// </summary>
/// <remarks>
/// The workspace is a 256 KiB tmpfs, mounted in a mount namespace of `pxl`'s own (util-linux <c>unshare --mount</c>,
/// with <c>--map-root-user</c> when not root), and nearly filled before `pxl` starts: its run log is the first write
/// that fails with ENOSPC.
/// </remarks>
public sealed class DiskFullTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Run_DiskFull_PrintsOneLinePerProblemAndNoStackTrace()
    {
        var settings = FindRepositoryFile("appsettings.json");
        var full = Directory.CreateDirectory(_ws.PathOf("full")).FullName;
        var script = _ws.WriteScript("tiny-disk.sh", """
            set -e
            mount -t tmpfs -o size=256k tmpfs "$1"
            cp "$2" "$1/appsettings.json"
            head -c 220k /dev/zero > "$1/filler"
            cd "$1"
            shift 2
            exec "$@"
            """);
        var psi = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] prefix = Environment.UserName == "root" ? ["--mount", "--propagation", "private"] : ["--map-root-user", "--mount", "--propagation", "private"];
        foreach (var arg in prefix.Concat([script, full, settings, "dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "pxl.dll"), "run", "--iterations", "1", "--", "/bin/true"]))
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = ChildProcesses.Start(psi);
        var errorRead = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var error = await errorRead;

        var run = new CliRun(process.ExitCode, output, error);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("No space left on device", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("--- End of", error, StringComparison.Ordinal);
        Assert.Contains("pxl run: stopped, a cycle could not run: No space left on device", output, StringComparison.Ordinal);
    }

    private static string FindRepositoryFile(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PxlScheduler.sln")))
            {
                return Path.Combine(folder.FullName, name);
            }
        }

        throw new InvalidOperationException("the repository root (PxlScheduler.sln) is not above the test binaries");
    }
}
