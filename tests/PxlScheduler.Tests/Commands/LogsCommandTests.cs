using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Runs;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Commands;

/// <summary>
/// `pxl logs prune [--dry-run]` as an operator types it, on a workspace a real `pxl run` recorded into (SPEC 15): what it
/// prints, what it keeps, what it never touches; the run-log cap on a real cycle; the Retention section refused at start.
/// </summary>
public sealed class LogsCommandTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Prune_DryRunThenReal_RemovesOnlyOldLogsKeepsInFlightAndNeverTouchesTheRecord()
    {
        _ws.WriteFile("state/planner_digests.jsonl", "{\"digest\":1}\n");
        var script = _ws.WriteScript("ok.sh", "echo ok");
        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--sleep", "0", "--", script);
        Assert.True(run.ExitCode == 0, run.ToString());
        var recent = LedgerFile.Read(_ws.Root).Single().Text("log_path");
        var old = OldLog(TimeSpan.FromDays(800), "old");
        var older = OldLog(TimeSpan.FromDays(900), "older");
        var inFlight = OldLog(TimeSpan.FromDays(700), "in flight");
        WriteMarker(inFlight);
        var record = RecordSnapshot();
        Assert.Contains("state/planner_digest_archives/", string.Join("\n", record.Keys), StringComparison.Ordinal);

        var dry = await PxlCli.RunAsync(_ws.Root, "logs", "prune", "--dry-run");

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains($"would remove {old} (3 B): older than 366 days (Retention:MaxAgeDays)", dry.Output, StringComparison.Ordinal);
        Assert.Contains($"would remove {older} (5 B)", dry.Output, StringComparison.Ordinal);
        Assert.Contains("pxl logs prune: would remove 2 run log(s), 8 B, from logs/run_cycle; 2 kept", dry.Output, StringComparison.Ordinal);
        Assert.Contains($"(1 of them only as in flight or halted on); oldest kept {inFlight}", dry.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(_ws.PathOf(old)) && File.Exists(_ws.PathOf(older)), "a dry run removed a log");

        var real = await PxlCli.RunAsync(_ws.Root, "logs", "prune");

        Assert.True(real.ExitCode == 0, real.ToString());
        Assert.Contains($"removed {old} (3 B)", real.Output, StringComparison.Ordinal);
        Assert.Contains("pxl logs prune: removed 2 run log(s), 8 B", real.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.PathOf(old)));
        Assert.False(File.Exists(_ws.PathOf(older)));
        Assert.True(File.Exists(_ws.PathOf(inFlight)), "the log of a run in flight was pruned");
        Assert.True(File.Exists(_ws.PathOf(recent)));
        Assert.Equal(record, RecordSnapshot());
        var rows = await PxlCli.RunAsync(_ws.Root, "ledger", "query", "SELECT count(*) AS n, count(log_path) AS with_log FROM runs", "--format", "csv");
        Assert.Equal("n,with_log\n1,1", rows.Output.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Run_CommandPrintingFarPastTheCap_LeavesALogOfAboutTheCapAndTheRunSucceeds()
    {
        _ws.WriteFile("appsettings.json", """{ "Retention": { "MaxLogMegabytes": 1 } }""");
        var script = _ws.WriteScript("loud.sh", "echo the-start; yes 'a line of output that goes on' | head -c 40000000; echo; echo the-end");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--sleep", "0", "--timeout", "120", "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        var line = LedgerFile.Read(_ws.Root).Single();
        Assert.Equal("success", line.Text("status"));
        var log = _ws.PathOf(line.Text("log_path"));
        Assert.InRange(new FileInfo(log).Length, 1024 * 1024 - 1024, (1024 * 1024) + 8192);
        var text = await File.ReadAllTextAsync(log);
        Assert.Contains("\nthe-start\n", text, StringComparison.Ordinal);
        Assert.Contains("\nthe-end\n", text, StringComparison.Ordinal);
        Assert.Matches(@"\n\[pxl\] … \d+ bytes cut \(the run log is capped at 1048576 bytes by Retention:MaxLogMegabytes", text);
        Assert.Equal(CycleStatus.Success, RunLog.ReadFooter(log)?.Status);
    }

    [Theory]
    [InlineData("""{ "Retention": { "MaxCount": -1 } }""", "Retention:MaxCount must be between 0 (no limit) and 10,000,000 run logs (got -1).")]
    [InlineData("""{ "Retention": { "MaxAgeDays": 100000 } }""", "Retention:MaxAgeDays must be between 0 (no limit) and 36,500 days (got 100000).")]
    [InlineData("""{ "Retention": { "MaxLogMegabytes": 4096 } }""", "Retention:MaxLogMegabytes must be between 0 (no limit) and 1,024 MB (got 4096).")]
    [InlineData("""{ "Retention": { "MaxTotalMegabytes": -5 } }""", "Retention:MaxTotalMegabytes must be between 0 (no limit) and 16,777,216 MB (got -5).")]
    [InlineData("""{ "Retention": { "MaxTotalMegabytes": 5, "MaxLogMegabytes": 10 } }""", "Retention:MaxTotalMegabytes (5) must be at least Retention:MaxLogMegabytes (10): a single run's log may grow to that.")]
    public async Task RetentionOutOfRange_IsRefusedAtStartNamingTheKeyAndTheRange(string settings, string expected)
    {
        _ws.WriteFile("appsettings.json", settings);
        var script = _ws.WriteScript("ok.sh", "echo ok");

        var prune = await PxlCli.RunAsync(_ws.Root, "logs", "prune");
        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--", script);

        Assert.True(prune.ExitCode == 2, prune.ToString());
        Assert.Contains($"pxl: error: {expected}", prune.Error, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"pxl: error: {expected}", run.Error, StringComparison.Ordinal);
        Assert.Empty(LedgerFile.Read(_ws.Root));
    }

    /// <summary>A run log named for a run that started <paramref name="age"/> ago; returns its path as the ledger holds it.</summary>
    private string OldLog(TimeSpan age, string content)
    {
        var name = (DateTimeOffset.UtcNow - age).UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + ".log";
        _ws.WriteFile("logs/run_cycle/" + name, content);
        return "logs/run_cycle/" + name;
    }

    /// <summary>A marker as a live `pxl run` (this test process) leaves it for its cycle in flight.</summary>
    private void WriteMarker(string logPath)
    {
        var marker = new InFlightRun(
            "20250101T000000Z-0000beef", "adhoc", "adhoc", "experimental", "g", DateTimeOffset.UtcNow, logPath, Environment.MachineName,
            Environment.ProcessId, Core.Processes.ProcessTree.StartTicks(Environment.ProcessId) ?? 0);
        _ws.WriteFile("state/in_flight/20250101T000000Z-0000beef.json", JsonSerializer.Serialize(marker, InFlightJson.Default.InFlightRun));
    }

    /// <summary>The ledger, latest.json, the digests and their archives, by content hash.</summary>
    private SortedDictionary<string, string> RecordSnapshot()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(_ws.PathOf("state"), "*", SearchOption.AllDirectories)
            // The database is the store too, which any command opens (its WAL moves): the mirror's rows are checked by query.
            .Where(p => !p.Contains("in_flight", StringComparison.Ordinal) && !Path.GetFileName(p).StartsWith("pxl.db", StringComparison.Ordinal))
            .Append(_ws.PathOf("logs/run_cycle/latest.json")))
        {
            files[Path.GetRelativePath(_ws.Root, path)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }

        return files;
    }
}
