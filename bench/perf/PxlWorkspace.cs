using System.Text.Json;
using System.Text.Json.Nodes;

namespace PxlScheduler.Bench.Perf;

/// <summary>
/// A fresh working directory for `pxl`: the repository's <c>appsettings.json</c> with the cycle command
/// replaced and no prerequisite checks (the default `bash --version` check would be a second process per
/// cycle), plus the schedule files a measurement needs. Everything else, logging included, is as shipped.
/// </summary>
internal sealed class PxlWorkspace
{
    private PxlWorkspace(string root) => Root = root;

    public string Root { get; }

    public string Ledger => Path.Combine(Root, "state", "run_cycle_history.jsonl");

    public static PxlWorkspace Create(BenchContext bench, string name, string command, IReadOnlyList<string> arguments)
    {
        var root = Path.Combine(bench.Temp, name);
        Directory.CreateDirectory(Path.Combine(root, "schedules"));
        var settings = JsonNode.Parse(
            File.ReadAllText(Path.Combine(bench.Repository, "appsettings.json")),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        settings["Cycle"]!["Command"] = command;
        settings["Cycle"]!["Arguments"] = new JsonArray([.. arguments.Select(a => JsonValue.Create(a))]);
        settings["Checks"]!["Required"] = new JsonArray();
        settings["Checks"]!["Optional"] = new JsonArray();
        File.WriteAllText(Path.Combine(root, "appsettings.json"), settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return new PxlWorkspace(root);
    }

    public void AddSchedule(string name, JsonObject schedule) =>
        File.WriteAllText(Path.Combine(Root, "schedules", name + ".json"), schedule.ToJsonString());

    public IReadOnlyList<LedgerRun> ReadLedger() => LedgerRun.ReadAll(Ledger);
}
