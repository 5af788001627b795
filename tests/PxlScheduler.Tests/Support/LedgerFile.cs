using System.Text.Json;

namespace PxlScheduler.Tests.Support;

/// <summary>Reads a workspace's JSONL ledger the way an operator's script would: one JSON object per line.</summary>
internal static class LedgerFile
{
    public const string DefaultPath = "state/run_cycle_history.jsonl";

    public static IReadOnlyList<JsonElement> Read(string workspaceRoot)
    {
        var path = Path.Combine(workspaceRoot, DefaultPath);
        return File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList()
            : [];
    }

    public static DateTimeOffset Instant(this JsonElement run, string field) =>
        DateTimeOffset.Parse(run.GetProperty(field).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    public static string Text(this JsonElement run, string field) => run.GetProperty(field).GetString()!;
}
