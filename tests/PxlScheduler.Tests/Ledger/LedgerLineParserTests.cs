using System.Text;
using PxlScheduler.Core.Ledger.Reading;
using PxlScheduler.Core.Ledger;

namespace PxlScheduler.Tests.Ledger;

/// <summary>The two parsers of ledger lines: the fast one accepts only what is canonical, and then agrees with the exact one.</summary>
public sealed class LedgerLineParserTests
{
    [Fact]
    public void Canonical_EveryPrintableAsciiCharacterButQuoteAndBackslash_IsWrittenAsItself()
    {
        // The fast path's premise: such text is its own canonical serialization.
        var text = new string(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Where(c => c is not '"' and not '\\').ToArray());

        var line = LedgerWorkspace.Line(LedgerWorkspace.Run("r1", goal: text));

        Assert.Contains(text, line, StringComparison.Ordinal);
        Assert.True(CanonicalLineParser.TryParse(Encoding.UTF8.GetBytes(line), new CanonicalFields()));
    }

    [Theory]
    [InlineData("say \"hi\"")]
    [InlineData("naïve ✓")]
    [InlineData("tab\there")]
    public void Canonical_TextThatMayBeEscaped_TakesTheExactPathAndStaysCanonical(string goal)
    {
        var line = Encoding.UTF8.GetBytes(LedgerWorkspace.Line(LedgerWorkspace.Run("r1", goal: goal)));
        using var parser = new LedgerLineParser();

        Assert.False(CanonicalLineParser.TryParse(line, new CanonicalFields()));
        var parsed = parser.Parse(line);
        Assert.Equal(goal, parsed.Row?.Text(RunFields.Goal));
        Assert.Null(parsed.Row?.Raw);
    }

    [Theory]
    [InlineData(" ", "")]                                              // whitespace after the brace
    [InlineData("\"duration_ms\":1000", "\"duration_ms\":1000.0")]     // another number form
    [InlineData("\"duration_ms\":1000", "\"duration_ms\":1e3")]
    [InlineData(".000Z\",\"finished_at\"", ".000+00:00\",\"finished_at\"")] // another instant form
    [InlineData("\"host\":\"test\"", "\"host\":\"test\",\"x\":1")]     // an extra field
    public void Canonical_AnyOtherForm_IsLeftToTheExactParserWhichKeepsTheLine(string from, string to)
    {
        var canonical = LedgerWorkspace.Line(LedgerWorkspace.Run("r1"));
        var text = from == " " ? "{ " + canonical[1..] : canonical.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(canonical, text);
        var line = Encoding.UTF8.GetBytes(text);
        using var parser = new LedgerLineParser();

        Assert.False(CanonicalLineParser.TryParse(line, new CanonicalFields()));
        var parsed = parser.Parse(line);
        Assert.Equal(1000, parsed.Row?.Integer(RunFields.DurationMs));
        Assert.Equal("2026-11-24T08:00:00.000Z", parsed.Row?.Text(RunFields.StartedAt));
        Assert.Equal(text, parsed.Row?.Raw);
    }

    [Fact]
    public void Canonical_LineAsPxlWritesIt_GivesTheSameFieldsAsTheExactParser()
    {
        var text = LedgerWorkspace.Line(LedgerWorkspace.Run("r1", "nightly", "failure", 1333, 5));
        var line = Encoding.UTF8.GetBytes(text);
        var fields = new CanonicalFields();
        using var parser = new LedgerLineParser();

        Assert.True(CanonicalLineParser.TryParse(line, fields));
        var row = parser.Parse(line).Row!;
        Assert.Equal("r1", fields.RunId(line));
        Assert.Equal(row.Text(RunFields.StartedAt), Encoding.ASCII.GetString(line.AsSpan(fields.Starts[RunFields.StartedAt.Ordinal], fields.Lengths[RunFields.StartedAt.Ordinal])));
        Assert.Equal(row.Integer(RunFields.DurationMs), fields.Integers[RunFields.DurationMs.Ordinal]);
        Assert.Equal(FieldKind.Null, fields.Kinds[RunFields.Find("archive_path")!.Ordinal]);
    }

    [Fact]
    public void RunFields_DerivedFromRunRecord_AreSpecNinesFieldsInOrderWithTheirShapes()
    {
        string[] spec =
        [
            "run_id", "schedule", "trigger", "mode", "goal", "started_at", "finished_at", "duration_ms", "status", "exit_code",
            "consecutive_failures", "log_path", "archive_path", "digest_lines", "writes", "error", "host",
        ];

        Assert.Equal(spec, RunFields.All.Select(f => f.Name));
        Assert.Equal(Enumerable.Range(0, spec.Length), RunFields.All.Select(f => f.Ordinal));
        Assert.Same(RunFields.All[0], RunFields.RunId);
        Assert.Equal(["started_at", "finished_at"], RunFields.All.Where(f => f.Kind == RunFieldKind.Instant).Select(f => f.Name));
        Assert.Equal(["duration_ms", "exit_code", "consecutive_failures", "digest_lines", "writes"], RunFields.All.Where(f => f.Kind == RunFieldKind.Integer).Select(f => f.Name));
        Assert.Equal(["exit_code", "log_path", "archive_path", "error"], RunFields.All.Where(f => f.Nullable).Select(f => f.Name));
        Assert.Equal(["duration_ms"], RunFields.All.Where(f => f.Kind == RunFieldKind.Integer && !f.Int32).Select(f => f.Name));
        Assert.Equal(
            ["run_id", "schedule", "trigger", "mode", "goal", "started_at", "finished_at", "duration_ms", "status", "consecutive_failures", "host"],
            RunFields.All.Where(f => f.Required).Select(f => f.Name));
        Assert.Equal([.. spec, "raw"], Core.Ledger.Mirror.RunColumns.All);
    }

    [Fact]
    public void RunRow_FromARecord_StoresEveryFieldAndGivesTheRecordBack()
    {
        var record = LedgerWorkspace.Run("r1", "nightly", "failure", 1333, 5) with { ArchivePath = "a.gz", DigestLines = 3, Writes = 2, Error = "e" };

        var row = RunRow.From(record, null);

        Assert.Equal("2026-11-24T08:05:00.000Z", row.Text(RunFields.StartedAt));
        Assert.Equal(1333L, row.Integer(RunFields.DurationMs));
        Assert.Equal(1L, row.Integer(RunFields.ExitCode));
        Assert.Equal(record, row.ToRecord());
    }
}
