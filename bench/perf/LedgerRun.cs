using System.Globalization;
using System.Text.Json;

namespace PxlScheduler.Bench.Perf;

/// <summary>The fields of one ledger line the harness needs (read from the JSONL, the source of truth).</summary>
internal sealed record LedgerRun(string RunId, string Trigger, string Status, DateTimeOffset StartedAt, DateTimeOffset FinishedAt)
{
    public static IReadOnlyList<LedgerRun> ReadAll(string jsonlPath) =>
        [.. File.ReadLines(jsonlPath).Where(line => line.Length > 0).Select(Parse).OrderBy(run => run.StartedAt)];

    private static LedgerRun Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        return new LedgerRun(
            root.GetProperty("run_id").GetString()!,
            root.GetProperty("trigger").GetString()!,
            root.GetProperty("status").GetString()!,
            Instant(root, "started_at"),
            Instant(root, "finished_at"));
    }

    private static DateTimeOffset Instant(JsonElement root, string name) =>
        DateTimeOffset.Parse(root.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
