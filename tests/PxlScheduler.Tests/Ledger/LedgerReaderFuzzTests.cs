using System.Text;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Ledger.Mirror;
using PxlScheduler.Core.Ledger.Reading;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Tests.Ledger;

/// <summary>
/// No line can stop the ledger's readers (SPEC 9, issue 19 defect 1): thousands of generated lines — random bytes,
/// truncations, invalid and overlong UTF-8, lone surrogate escapes, NUL, huge numbers, duplicated keys, deep nesting —
/// go through every reading path, and each line either parses or is reported with its line number.
/// </summary>
public sealed class LedgerReaderFuzzTests : IDisposable
{
    private const int Seed = 19_001;
    private const int LineCount = 3000;

    private readonly LedgerWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Parsers_GeneratedLines_EachParsesOrSaysWhyNot()
    {
        using var parser = new LedgerLineParser();
        var fields = new CanonicalFields();
        foreach (var line in FuzzLines.Generate(Seed, LineCount))
        {
            var canonical = CanonicalLineParser.TryParse(line, fields);
            var parsed = parser.Parse(line);
            Assert.True(parsed.Row is not null || parsed.Note is not null, $"neither a row nor a reason for {Show(line)}");
            if (canonical)
            {
                // The fast path may only accept what the exact one reads the same way.
                Assert.Equal(parsed.Row?.RunId, fields.RunId(line));
            }
        }
    }

    [Fact]
    public async Task EveryReadingPath_GeneratedLedger_NeverFailsAndNamesEveryLineItDoesNotImport()
    {
        var lines = FuzzLines.Generate(Seed, LineCount).ToList();
        WriteLedger(lines, tornLast: true);
        var expected = Expectation(lines);
        var workspace = new Workspace(_ws.Root);
        var paths = Options.Create(new PathsOptions());
        var database = new LedgerDatabase(Options.Create(_ws.Storage), workspace);

        var rebuildIssues = new List<LedgerIssue>();
        var rebuilt = await new LedgerRebuilder(database, workspace, paths).RebuildAsync(rebuildIssues.Add, null, CancellationToken.None);
        AssertEveryLineAccountedFor(expected, rebuildIssues);
        Assert.Equal(expected.RunIds.Count, rebuilt.Inserted);
        Assert.Equal(expected.RunIds.Order(StringComparer.Ordinal), (await _ws.RunIdsAsync()).Order(StringComparer.Ordinal));

        var verifyIssues = new List<LedgerIssue>();
        var report = await new LedgerVerifier(database, workspace, paths).VerifyAsync(verifyIssues.Add, CancellationToken.None);
        AssertEveryLineAccountedFor(expected, verifyIssues);
        Assert.Equal(0, report.MissingCount + report.ExtraCount + report.DifferentCount);

        // Reconciliation at start, on an empty mirror: the whole file, the same verdict on every line.
        await _ws.ExecuteAsync("DELETE FROM runs");
        await _ws.ExecuteAsync("DELETE FROM pxl_ledger_sync");
        var reconcileIssues = new List<LedgerIssue>();
        var reconciled = await new LedgerReconciler(database, workspace, paths).ReconcileAsync(reconcileIssues.Add, CancellationToken.None);
        AssertEveryLineAccountedFor(expected, reconcileIssues, duplicates: false);
        Assert.Equal(expected.RunIds.Count, reconciled.Filled);

        // The end of the file, read backwards and forwards, and the whole file as records.
        var (tail, end) = LedgerTailReader.ReadLast(_ws.LedgerPath, LineCount);
        Assert.True(tail.Count > LineCount / 2, $"tail read {tail.Count} lines");
        var (appended, _) = LedgerTailReader.ReadFrom(_ws.LedgerPath, 0);
        Assert.Equal(tail.Count, appended.Count);
        Assert.True(end > 0);
        var read = await new JsonlLedger(workspace, paths).ReadAsync(CancellationToken.None).ToListAsync();
        Assert.All(read, l => Assert.True(l.Record is not null || l.Problem is not null, $"line {l.LineNumber}"));

        // Looking a run up exactly, as recovery does, through every line.
        foreach (var runId in expected.RunIds.Take(50))
        {
            Assert.NotNull(RecordedRunLookup.Find(_ws.LedgerPath, runId, CancellationToken.None));
        }

        Assert.Null(RecordedRunLookup.Find(_ws.LedgerPath, "no-such-run", CancellationToken.None));
    }

    [Fact]
    public async Task TailAndRebuildCommands_GeneratedLedger_ExitZero()
    {
        WriteLedger(FuzzLines.Generate(Seed + 1, 500).ToList(), tornLast: false);

        var tail = await _ws.PxlAsync("ledger", "tail", "-n", "100");
        var rebuild = await _ws.PxlAsync("ledger", "rebuild");

        Assert.True(tail.ExitCode == 0, tail.ToString());
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.DoesNotContain("   at ", rebuild.Error + tail.Error, StringComparison.Ordinal);
    }

    /// <summary>What the exact parser makes of each line: the run ids a mirror must hold, and the line numbers that must be reported.</summary>
    private static Expected Expectation(List<byte[]> lines)
    {
        using var parser = new LedgerLineParser();
        var expected = new Expected(new HashSet<string>(StringComparer.Ordinal), [], []);
        for (var i = 0; i < lines.Count; i++)
        {
            var parsed = parser.Parse(lines[i]);
            if (parsed.Row is null)
            {
                expected.Skipped.Add(i + 1);
            }
            else if (!expected.RunIds.Add(parsed.Row.RunId))
            {
                expected.Duplicates.Add(i + 1);
            }
        }

        return expected;
    }

    /// <summary>Every skipped line is reported with its number, and with <paramref name="duplicates"/> every repeated run id too.</summary>
    private static void AssertEveryLineAccountedFor(Expected expected, List<LedgerIssue> issues, bool duplicates = true)
    {
        var reported = issues.Select(i => i.LineNumber).ToHashSet();
        var missing = expected.Skipped.Concat(duplicates ? expected.Duplicates : []).Where(n => !reported.Contains(n)).Take(10).ToList();
        Assert.True(missing.Count == 0, $"lines neither imported nor reported: {string.Join(", ", missing)}");
        Assert.All(issues, i => Assert.InRange(i.LineNumber, 1, LineCount));
    }

    private void WriteLedger(List<byte[]> lines, bool tornLast)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_ws.LedgerPath)!);
        using var file = File.Create(_ws.LedgerPath);
        for (var i = 0; i < lines.Count; i++)
        {
            file.Write(lines[i]);
            if (!tornLast || i < lines.Count - 1)
            {
                file.WriteByte((byte)'\n');
            }
        }
    }

    private sealed record Expected(HashSet<string> RunIds, SortedSet<long> Skipped, SortedSet<long> Duplicates);

    private static string Show(byte[] line) => Convert.ToHexString(line.AsSpan(0, Math.Min(line.Length, 120)));
}

/// <summary>Deterministic hostile ledger lines: each a mutation (or several) of a line pxl writes, never holding a newline.</summary>
internal static class FuzzLines
{
    private static readonly byte[][] BadUtf8 =
    [
        [0xE9],                         // Latin-1 é
        [0xFF],
        [0x80],                         // a continuation byte alone
        [0xC3],                         // a sequence cut short
        [0xC0, 0xAF],                   // overlong '/'
        [0xE0, 0x80, 0xAF],             // overlong '/', three bytes
        [0xF0, 0x80, 0x80, 0xAF],       // overlong '/', four bytes
        [0xED, 0xA0, 0x80],             // a surrogate encoded as UTF-8
        [0xF4, 0x90, 0x80, 0x80],       // past U+10FFFF
        [0xEF, 0xBB, 0xBF],             // a byte order mark mid-line (valid, but odd)
        [0x00],                         // NUL
    ];

    private static readonly string[] BadEscapes = [@"\ud800", @"\udc00", @"\ud800x", @"\ud800\u0041", @"\udfff\ud800", @"\u0000", @"\u00", @"\x41", @"\"];

    private static readonly string[] HugeNumbers =
    [
        "1e400", "-1e400", "1e-400", "99999999999999999999999999999", "-9223372036854775809", "9223372036854775808",
        "4294967296", "2147483648", "1.5", "0.0", "-0", "1E308", "00", "+1", ".5", "NaN", "Infinity",
    ];

    private static readonly string[] Fields =
        ["run_id", "schedule", "trigger", "mode", "goal", "started_at", "finished_at", "duration_ms", "status", "exit_code", "consecutive_failures", "log_path", "archive_path", "digest_lines", "writes", "error", "host"];

    public static IEnumerable<byte[]> Generate(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var line = Encoding.UTF8.GetBytes(LedgerWorkspace.Line(LedgerWorkspace.Run($"f{i}", minute: i % 1000, goal: $"goal {i} naïve")));
            var mutations = random.Next(4) == 0 ? 0 : random.Next(1, 4);
            for (var m = 0; m < mutations; m++)
            {
                line = Mutate(random, line);
            }

            yield return line.Select(b => b == (byte)'\n' ? (byte)' ' : b).ToArray();
        }
    }

    private static byte[] Mutate(Random random, byte[] line)
    {
        switch (random.Next(12))
        {
            case 0: // random bytes
                var bytes = new byte[random.Next(0, 200)];
                random.NextBytes(bytes);
                return bytes;
            case 1: // truncated
                return line[..random.Next(0, line.Length)];
            case 2: // an invalid UTF-8 sequence somewhere
                return Insert(line, random.Next(line.Length + 1), BadUtf8[random.Next(BadUtf8.Length)]);
            case 3: // an invalid UTF-8 sequence inside a string value
                return InsideString(random, line, BadUtf8[random.Next(BadUtf8.Length)]);
            case 4: // a bad escape inside a string value or a key
                return InsideString(random, line, Encoding.ASCII.GetBytes(BadEscapes[random.Next(BadEscapes.Length)]));
            case 5: // a number no field can hold
                return Replace(line, $"\"{Fields[random.Next(Fields.Length)]}\":", null, random, HugeNumbers[random.Next(HugeNumbers.Length)]);
            case 6: // a key given twice
                var field = Fields[random.Next(Fields.Length)];
                return Insert(line, Math.Min(1, line.Length), Encoding.UTF8.GetBytes($"\"{field}\":\"again\","));
            case 7: // deep nesting in an extra field
                var depth = random.Next(1, 300);
                return Insert(line, Math.Min(1, line.Length), Encoding.ASCII.GetBytes("\"deep\":" + new string('[', depth) + new string(']', depth) + ","));
            case 8: // another type for a field
                string[] values = ["true", "null", "{}", "[]", "\"\"", "\"x\"", "-1", "0"];
                return Replace(line, $"\"{Fields[random.Next(Fields.Length)]}\":", null, random, values[random.Next(values.Length)]);
            case 9: // whitespace, CR, empty
                string[] shapes = ["", " ", "\t", "\r", "{}", "null", "[", "{", "\"run_id\""];
                return Encoding.ASCII.GetBytes(shapes[random.Next(shapes.Length)]);
            case 10: // an instant at the edge of time, or none
                string[] instants = ["9999-12-31T23:59:59.999Z", "0001-01-01T00:00:00.000Z", "0000-01-01T00:00:00.000Z", "2026-02-30T00:00:00.000Z", "2026-11-24T24:00:00.000Z", "yesterday", ""];
                return Replace(line, "2026-11-24T", null, random, "\"" + instants[random.Next(instants.Length)] + "\"", instant: true);
            default: // a byte flipped
                var flipped = line.ToArray();
                if (flipped.Length > 0)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }

                return flipped;
        }
    }

    private static byte[] Insert(byte[] line, int at, byte[] what) => [.. line.AsSpan(0, at), .. what, .. line.AsSpan(at)];

    /// <summary>Puts <paramref name="what"/> just after an opening quote of the line (a key's or a value's).</summary>
    private static byte[] InsideString(Random random, byte[] line, byte[] what)
    {
        var quotes = Enumerable.Range(0, line.Length).Where(i => line[i] == (byte)'"').ToList();
        return quotes.Count == 0 ? Insert(line, 0, what) : Insert(line, quotes[random.Next(quotes.Count)] + 1, what);
    }

    /// <summary>Replaces the value after <paramref name="key"/> (up to the next ',' or '}') by <paramref name="value"/>, or the key-value by <paramref name="with"/>.</summary>
    private static byte[] Replace(byte[] line, string key, string? with, Random random, string? value = null, bool instant = false)
    {
        var text = Encoding.Latin1.GetString(line);
        var at = text.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return line;
        }

        if (with is not null)
        {
            return Encoding.Latin1.GetBytes(text[..at] + with + text[(at + key.Length)..]);
        }

        // From the value's start (for an instant: its opening quote) to the next ',' or '}'.
        var start = instant ? text.LastIndexOf('"', at) : at + key.Length;
        var end = start < 0 ? -1 : text.IndexOfAny([',', '}'], start);
        if (end < 0)
        {
            return line;
        }

        _ = random;
        return Encoding.Latin1.GetBytes(text[..start] + value + text[end..]);
    }
}
