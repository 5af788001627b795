using System.Text.Json.Nodes;

namespace PxlScheduler.Bench.Perf;

/// <summary>
/// A fresh working directory for `pxl` with the repository's <c>appsettings.json</c> copied unchanged (its
/// required check included), so pxl runs as a user's copy does; the cycle command is given on the command
/// line (<c>pxl run -- /bin/true</c>) or in a schedule file (<c>command</c>, <c>args</c>).
/// </summary>
internal sealed class PxlWorkspace
{
    private PxlWorkspace(string root) => Root = root;

    public string Root { get; }

    public string Ledger => Path.Combine(Root, "state", "run_cycle_history.jsonl");

    public static PxlWorkspace Create(BenchContext bench, string name)
    {
        var root = Path.Combine(bench.Temp, name);
        Directory.CreateDirectory(Path.Combine(root, "schedules"));
        File.Copy(Path.Combine(bench.Repository, "appsettings.json"), Path.Combine(root, "appsettings.json"));
        return new PxlWorkspace(root);
    }

    /// <summary>A workspace made earlier (a kept one, to measure again without building it anew).</summary>
    public static PxlWorkspace Open(string root) => new(Path.GetFullPath(root));

    /// <summary>A schedule file running <paramref name="command"/> with <paramref name="arguments"/>.</summary>
    public void AddSchedule(string name, JsonObject schedule, string command, params string[] arguments)
    {
        schedule["command"] = command;
        schedule["args"] = new JsonArray([.. arguments.Select(a => JsonValue.Create(a))]);
        File.WriteAllText(Path.Combine(Root, "schedules", name + ".json"), schedule.ToJsonString());
    }

    public IReadOnlyList<LedgerRun> ReadLedger() => LedgerRun.ReadAll(Ledger);
}
