using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PxlScheduler.Bench.Perf;

namespace PxlScheduler.Bench.Http;

/// <summary>
/// The workspace every figure is taken on: the repository's appsettings.json, 100 schedule files and a ledger of
/// 1,000,000 runs (JSONL and SQL mirror) written by bench/ledger's generator and <c>pxl ledger rebuild</c> — bench/ledger
/// run as it is (<c>--rebuild-only --keep</c>), its state folder then moved into this workspace.
/// </summary>
internal static partial class HttpFixture
{
    /// <summary>
    /// The ledger's five schedules (bench/ledger's generator) are five of the hundred, so their last runs, counters
    /// and streaks are real; the other 95 have no runs. All fire on 1 January only: nothing runs while timed.
    /// </summary>
    private static readonly string[] LedgerSchedules = ["nightly", "hourly", "continuous", "adhoc", "maintenance"];

    public static async Task<PxlWorkspace> CreateAsync(BenchContext bench, int runs)
    {
        var workspace = PxlWorkspace.Create(bench, "http");
        for (var i = 0; i < 100; i++)
        {
            var name = i < LedgerSchedules.Length ? LedgerSchedules[i] : $"idle-{i:000}";
            workspace.AddSchedule(name, new JsonObject { ["cron"] = $"{i % 60} {i / 60} 1 1 *" }, "/bin/true");
        }

        BenchContext.Note($"a {runs:N0}-run ledger: dotnet run -c Release --project bench/ledger -- {runs} --rebuild-only --keep");
        var ledger = await ChildProcess.CheckedAsync("dotnet", ["run", "-c", "Release", "--project", "bench/ledger", "--", $"{runs}", "--rebuild-only", "--keep"], bench.Repository);
        foreach (var line in ledger.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            BenchContext.Note("  ledger: " + line);
        }

        var kept = Kept().Match(ledger.Output);
        if (!kept.Success)
        {
            throw new InvalidOperationException($"bench/ledger did not say where it kept its workspace:\n{ledger.Output}");
        }

        var generated = kept.Groups["root"].Value.Trim();
        Directory.Move(Path.Combine(generated, "state"), Path.Combine(workspace.Root, "state"));
        Directory.Delete(generated, recursive: true);
        return workspace;
    }

    /// <summary>A port free on loopback now (the system picks it), for one serve's <c>Http:Urls</c>.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("^kept (?<root>.+)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Kept();
}
