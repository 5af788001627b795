using System.Globalization;
using System.Text.RegularExpressions;

namespace PxlScheduler.Bench.Perf;

/// <summary>
/// Figure 7: runs the ledger benchmark (bench/ledger, issue 4) as it is and takes its figures for
/// rebuild, stats and tail over 1,000,000 runs; the goals are the ledger issue's.
/// </summary>
internal static partial class LedgerFigures
{
    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext bench)
    {
        var lines = bench.Quick ? 100_000 : 1_000_000;
        BenchContext.Note($"bench/ledger with {lines:N0} lines (dotnet run -c Release --project bench/ledger)");
        var result = await ChildProcess.CheckedAsync("dotnet", ["run", "-c", "Release", "--project", "bench/ledger", "--", $"{lines}"], bench.Repository);
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            BenchContext.Note("  ledger: " + line);
        }

        var rebuild = Rebuild().Match(result.Output);
        var stats = Milliseconds("stats").Match(result.Output);
        var tail = Milliseconds("tail").Match(result.Output);
        if (!rebuild.Success || !stats.Success || !tail.Success)
        {
            return [Figure.NotMeasured("ledger rebuild, stats, tail", "", "bench/ledger printed something else (see stderr)")];
        }

        var rate = double.Parse(rebuild.Groups["rate"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        var statsMs = int.Parse(stats.Groups["ms"].Value, CultureInfo.InvariantCulture);
        var tailMs = int.Parse(tail.Groups["ms"].Value, CultureInfo.InvariantCulture);
        return
        [
            new Figure($"`ledger rebuild`, {lines:N0} lines (bench/ledger)", $"{rate:N0} lines/s ({rebuild.Groups["seconds"].Value} s)", "", "", "≥ 200,000 lines/s", rate >= 200_000),
            new Figure("`ledger stats`, whole ledger (bench/ledger)", $"{statsMs} ms", "", "", "< 300 ms", statsMs < 300),
            new Figure("`ledger tail`, 20 runs (bench/ledger)", $"{tailMs} ms", "", "", "< 50 ms", tailMs < 50),
        ];
    }

    private static Regex Milliseconds(string what) => new($"^{what}: (?<ms>[0-9]+) ms", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    [GeneratedRegex("^rebuild: (?<seconds>[0-9.]+) s = (?<rate>[0-9,]+) lines/s", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Rebuild();
}
