using System.Text.Json;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Digests;

/// <summary>Digest archiving after each real cycle (SPEC 6 step 7), recorded in the ledger and latest.json.</summary>
public sealed class DigestArchiveCycleTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Cycles_EachAppendingLines_ArchiveThemRecordTheArchiveAndVerify()
    {
        var script = _ws.WriteScript("cycle.sh", """
            mkdir -p state
            printf '{"run":"%s","i":1}\n{"run":"%s","i":2}\n' "$PXL_RUN_ID" "$PXL_RUN_ID" >> state/planner_digests.jsonl
            """);

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "3", "--sleep", "0", "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = LedgerFile.Read(_ws.Root);
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(2, l.GetProperty("digest_lines").GetInt32()));
        var archives = lines.Select(l => l.Text("archive_path")).ToList();
        Assert.Equal(3, archives.Distinct().Count());
        foreach (var (line, archive) in lines.Zip(archives))
        {
            var content = DigestFiles.Decompress(_ws.Root, archive);
            Assert.Equal(2, content.Count(c => c == '\n'));
            Assert.Contains(line.Text("run_id"), content, StringComparison.Ordinal);
            Assert.Contains($"[pxl] digests: 2 line(s) archived to {archive}", File.ReadAllText(_ws.PathOf(line.Text("log_path"))), StringComparison.Ordinal);
        }

        Assert.Equal(File.ReadAllText(_ws.PathOf(DigestFiles.Source)), string.Concat(archives.Select(a => DigestFiles.Decompress(_ws.Root, a))));
        using var latest = JsonDocument.Parse(File.ReadAllText(_ws.PathOf("logs/run_cycle/latest.json")));
        Assert.Equal(archives[^1], latest.RootElement.GetProperty("archive_path").GetString());

        var verify = await PxlCli.RunAsync(_ws.Root, "digests", "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("3 archive(s) equal", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cycle_PlannerStillWritingALine_HoldsItForTheNextCycle()
    {
        var script = _ws.WriteScript("cycle.sh", """
            mkdir -p state
            if [ -f state/half ]; then printf 'end"}\n{"second":"half' >> state/planner_digests.jsonl
            else printf '{"first":"half' >> state/planner_digests.jsonl; touch state/half; fi
            """);

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "2", "--sleep", "0", "--", script);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = LedgerFile.Read(_ws.Root);
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("archive_path").ValueKind);
        Assert.Equal(0, lines[0].GetProperty("digest_lines").GetInt32());
        Assert.Equal("{\"first\":\"halfend\"}\n", DigestFiles.Decompress(_ws.Root, lines[1].Text("archive_path")));
    }

    [Fact]
    public async Task Cycle_FailedCycle_StillArchivesWhatThePlannerWrote()
    {
        var script = _ws.WriteScript("cycle.sh", "mkdir -p state; echo '{\"failing\":true}' >> state/planner_digests.jsonl; exit 3");

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--max-failures", "0", "--", script);

        Assert.True(run.ExitCode == 1, run.ToString());
        var line = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal("failure", line.Text("status"));
        Assert.Equal(1, line.GetProperty("digest_lines").GetInt32());
    }
}
