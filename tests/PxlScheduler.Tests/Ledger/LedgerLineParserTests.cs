using System.Text;
using PxlScheduler.Core.Ledger.Reading;

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
        Assert.Equal(goal, parsed.Row?.Goal);
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
        Assert.Equal(1000, parsed.Row?.DurationMs);
        Assert.Equal("2026-11-24T08:00:00.000Z", parsed.Row?.StartedAt);
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
        Assert.Equal(row.StartedAt, Encoding.ASCII.GetString(line.AsSpan(fields.Starts[5], fields.Lengths[5])));
        Assert.Equal(row.DurationMs, fields.Integers[7]);
        Assert.Equal(FieldKind.Null, fields.Kinds[12]);
    }
}
