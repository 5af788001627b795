using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Ledger;

/// <summary>
/// <c>latest.json</c> that cannot be replaced (an operator made it a directory): the run is in the ledger, so it is
/// recorded; the pointer is a warning naming the path, never a halt, and the next start finds nothing interrupted.
/// </summary>
public sealed class LatestPointerTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Run_LatestJsonIsADirectory_RunIsRecordedWithAWarningAndNothingIsInterruptedLater()
    {
        _ws.WriteFile("appsettings.json", ConsoleLogSettings.Json);
        Directory.CreateDirectory(_ws.PathOf("logs/run_cycle/latest.json"));

        var (code, output, error) = await RunAsync("run", "--iterations", "2", "--sleep", "0", "--", "/bin/true");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("done after 2 cycle(s)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be recorded", output + error, StringComparison.Ordinal);
        Assert.Contains("is recorded in the ledger, but the pointer logs/run_cycle/latest.json could not be replaced: logs/run_cycle/latest.json is a directory", error, StringComparison.Ordinal);
        Assert.Equal(["success", "success"], LedgerFile.Read(_ws.Root).Select(r => r.Text("status")));
        Assert.Empty(Directory.GetFiles(_ws.PathOf("state/in_flight")));

        var next = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", "/bin/true");

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.DoesNotContain("interrupted", next.Output + next.Error, StringComparison.Ordinal);
        Assert.Equal(["success", "success", "success"], LedgerFile.Read(_ws.Root).Select(r => r.Text("status")));
        Assert.Empty(Directory.GetFiles(_ws.PathOf("logs/run_cycle"), ".latest.json.*"));
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var process = PxlProcess.Start(_ws.Root, args);
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output, await error);
    }
}
