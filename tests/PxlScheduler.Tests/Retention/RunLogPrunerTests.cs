using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Retention;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Retention;

/// <summary>
/// The pruner on real files (SPEC 15): each limit, a dry run, the logs its caller protects, and the files it must
/// never touch. "Now" is a <see cref="FakeTimeProvider"/>; a run's age is its log's name.
/// </summary>
public sealed class RunLogPrunerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Prune_OlderThanMaxAgeDays_RemovesThemAndKeepsTheYounger()
    {
        var old = Log(Now.AddDays(-31));
        var young = Log(Now.AddDays(-29));

        var report = Pruner(new RetentionOptions { MaxAgeDays = 30 }).Prune(Keep(), dryRun: false, CancellationToken.None);

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(young));
        var removed = Assert.Single(report.Removed);
        Assert.Contains("older than 30 days", removed.Reason, StringComparison.Ordinal);
        Assert.Equal(1, report.Kept);
        Assert.Equal("logs/run_cycle/" + Path.GetFileName(young), report.OldestKept?.Path);
    }

    [Fact]
    public void Prune_MoreThanMaxCount_RemovesTheOldestInRunOrderSuffixesIncluded()
    {
        var second = Now.AddHours(-1);
        string[] logs = [Log(second.AddSeconds(-1)), Log(second), Log(second, suffix: 2), Log(second, suffix: 10)];

        var report = Pruner(new RetentionOptions { MaxCount = 2 }).Prune(Keep(), dryRun: false, CancellationToken.None);

        // -10 came after -2, which came after the plain name: the runs of one second in their order.
        Assert.Equal([false, false, true, true], logs.Select(File.Exists));
        Assert.Equal(2, report.Removed.Count);
        Assert.All(report.Removed, r => Assert.Contains("beyond the newest 2", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Prune_OverMaxTotalMegabytes_RemovesTheOldestAndEveryOlderOne()
    {
        var oldest = Log(Now.AddHours(-4), bytes: 100);
        var older = Log(Now.AddHours(-3), bytes: 600 * 1024);
        var newer = Log(Now.AddHours(-2), bytes: 600 * 1024);
        var newest = Log(Now.AddHours(-1), bytes: 300 * 1024);

        var report = Pruner(new RetentionOptions { MaxTotalMegabytes = 1, MaxLogMegabytes = 1 }).Prune(Keep(), dryRun: false, CancellationToken.None);

        Assert.True(File.Exists(newest));
        Assert.True(File.Exists(newer));
        Assert.False(File.Exists(older));
        // It would fit, but a gap in the history is worse than a few bytes: once the limit is reached, older logs go.
        Assert.False(File.Exists(oldest));
        Assert.Equal((600 * 1024) + 100, report.RemovedBytes);
        Assert.Equal(900 * 1024, report.KeptBytes);
    }

    [Fact]
    public void Prune_DryRun_ReportsTheSameAndChangesNothing()
    {
        string[] logs = [Log(Now.AddDays(-400)), Log(Now.AddDays(-2)), Log(Now.AddDays(-1))];
        var before = Snapshot();

        var dry = Pruner(new RetentionOptions { MaxCount = 1 }).Prune(Keep(), dryRun: true, CancellationToken.None);

        Assert.Equal(before, Snapshot());
        Assert.True(dry.DryRun);
        Assert.Equal(2, dry.Removed.Count);
        var real = Pruner(new RetentionOptions { MaxCount = 1 }).Prune(Keep(), dryRun: false, CancellationToken.None);
        Assert.Equal(dry.Removed, real.Removed);
        Assert.Equal([false, false, true], logs.Select(File.Exists));
    }

    [Fact]
    public void Prune_LogsTheCallerProtects_AreKeptWhateverTheLimitsAndCounted()
    {
        var inFlight = Log(Now.AddDays(-500));
        var haltedOn = Log(Now.AddDays(-3));
        var other = Log(Now.AddDays(-2));
        var newest = Log(Now.AddDays(-1));

        var report = Pruner(new RetentionOptions { MaxAgeDays = 30, MaxCount = 1 }).Prune(Keep(inFlight, haltedOn), dryRun: false, CancellationToken.None);

        Assert.True(File.Exists(inFlight));
        Assert.True(File.Exists(haltedOn));
        Assert.True(File.Exists(newest));
        Assert.False(File.Exists(other));
        Assert.Equal(2, report.Protected);
        Assert.Equal(3, report.Kept);
    }

    [Fact]
    public void Prune_FilesPxlDidNotWriteAsRunLogs_AreNeverTouched()
    {
        var ancient = Now.AddYears(-5);
        var stem = ancient.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        string[] foreign =
        [
            _ws.WriteFile("logs/run_cycle/latest.json", "{}"),
            _ws.WriteFile("logs/run_cycle/notes.txt", "mine"),
            _ws.WriteFile("logs/run_cycle/2020.log", "mine"),
            _ws.WriteFile($"logs/run_cycle/{stem}.log.gz", "mine"),
            _ws.WriteFile($"logs/run_cycle/{stem}-1.log", "mine"),
            _ws.WriteFile($"logs/run_cycle/{stem}-x.log", "mine"),
            _ws.WriteFile($"logs/run_cycle/20201399T000000.log", "mine"),
            _ws.WriteFile($"logs/run_cycle/old/{stem}.log", "mine"),
            _ws.WriteFile("state/run_cycle_history.jsonl", "{}\n"),
            _ws.WriteFile("state/planner_digests.jsonl", "{}\n"),
            _ws.WriteFile($"state/planner_digest_archives/planner_digests-{stem}.jsonl.gz", "gz"),
        ];
        var target = _ws.WriteFile("elsewhere/keep.log", "not a run log");
        var link = _ws.PathOf($"logs/run_cycle/{ancient.AddSeconds(1).UtcDateTime:yyyyMMdd'T'HHmmss}.log");
        File.CreateSymbolicLink(link, target);
        var real = Log(ancient.AddSeconds(2));

        var report = Pruner(new RetentionOptions { MaxAgeDays = 1 }).Prune(Keep(), dryRun: false, CancellationToken.None);

        Assert.All(foreign, f => Assert.True(File.Exists(f), f));
        Assert.True(File.Exists(target));
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.False(File.Exists(real));
        Assert.Single(report.Removed);
    }

    [Fact]
    public void Prune_LedgerConfiguredIntoTheLogFolderUnderALogName_IsNeverTouched()
    {
        var ledger = _ws.WriteFile("logs/run_cycle/20000101T000000.log", "{\"run_id\":\"x\"}\n");

        Pruner(new RetentionOptions { MaxAgeDays = 1 }, new PathsOptions { Ledger = "logs/run_cycle/20000101T000000.log" })
            .Prune(Keep(), dryRun: false, CancellationToken.None);

        Assert.True(File.Exists(ledger));
    }

    private RunLogPruner Pruner(RetentionOptions retention, PathsOptions? paths = null) =>
        new(new Workspace(_ws.Root), Options.Create(paths ?? new PathsOptions()), Options.Create(retention), new FakeTimeProvider(Now), NullLogger<RunLogPruner>.Instance);

    private static HashSet<string> Keep(params string[] paths) => new(paths, StringComparer.Ordinal);

    private string Log(DateTimeOffset startedAt, int suffix = 1, int bytes = 10)
    {
        var stem = startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return _ws.WriteFile($"logs/run_cycle/{stem}{(suffix == 1 ? "" : $"-{suffix}")}.log", new string('x', bytes));
    }

    private string Snapshot() => string.Join("\n", Directory.EnumerateFiles(_ws.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
        .Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}"));
}
