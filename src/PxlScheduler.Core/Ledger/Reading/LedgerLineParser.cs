using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Text;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Ledger.Reading;

/// <summary>
/// Turns ledger lines into <c>runs</c> rows, tolerantly. A line pxl wrote takes the fast path: one
/// source-generated deserialization, and a byte comparison with its canonical serialization that shows
/// the columns hold all of it (then <c>raw</c> stays NULL). Anything else — extra fields, other types,
/// missing fields — is read field by field as far as it goes, the line kept whole in <c>raw</c>, with a
/// note saying what was lost; a line that is not a JSON object with a <c>run_id</c> is skipped.
/// </summary>
/// <remarks>Keeps a reusable buffer: one parser per reading thread.</remarks>
internal sealed class LedgerLineParser : IDisposable
{
    private static readonly JsonWriterOptions CanonicalWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _canonical = new(1024);
    private readonly Utf8JsonWriter _writer;

    public LedgerLineParser() => _writer = new Utf8JsonWriter(_canonical, CanonicalWriter);

    public void Dispose() => _writer.Dispose();

    public ParsedLine Parse(ReadOnlySpan<byte> line)
    {
        if (line.EndsWith("\r"u8))
        {
            line = line[..^1];
        }

        if (line.Trim(" \t"u8).IsEmpty)
        {
            return ParsedLine.Skipped("blank line");
        }

        if (!Utf8.IsValid(line))
        {
            // A foreign tool's Latin-1, a bit flip: read what the line says with U+FFFD for each bad byte, keep it in raw.
            var note = InvalidUtf8(line);
            return ParseForeign(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(line)), note);
        }

        RunRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(line, LedgerJson.Line.RunRecord);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            // Other types, a missing required field, an escape that is no Unicode: read it field by field instead.
            return ParseForeign(line, null);
        }

        if (record is null)
        {
            return ParsedLine.Skipped("not a JSON object");
        }

        if (IsCanonical(record, line) && !HasNul(record))
        {
            return new ParsedLine(RunRow.From(record, null), null);
        }

        var notes = new List<string>();
        using (var document = JsonDocument.Parse(line.ToArray()))
        {
            Duplicates(document.RootElement, notes);
            var unknown = document.RootElement.EnumerateObject().Select(NameOf).Where(n => !KnownFields.Contains(n)).Distinct().ToList();
            if (unknown.Count > 0)
            {
                notes.Add($"unknown fields kept in raw: {string.Join(", ", unknown)}");
            }
        }

        var row = Storable(RunRow.From(record, Encoding.UTF8.GetString(line)), notes);
        return new ParsedLine(row, notes.Count > 0 ? string.Join("; ", notes) : null);
    }

    /// <summary>Where the first byte that is not UTF-8 is, for the warning: <c>not valid UTF-8 (byte 0xE9 at column 61)</c>.</summary>
    private static string InvalidUtf8(ReadOnlySpan<byte> line)
    {
        var at = 0;
        while (Rune.DecodeFromUtf8(line[at..], out _, out var consumed) == OperationStatus.Done)
        {
            at += consumed;
        }

        return $"not valid UTF-8 (byte 0x{line[at]:X2} at column {at + 1}); read with U+FFFD in its place";
    }

    private static bool HasNul(RunRecord record) =>
        RunFields.All.Any(f => f.Kind == RunFieldKind.Text && f.Stored(record) is string text && text.Contains('\0', StringComparison.Ordinal));

    /// <summary>
    /// The row with U+FFFD for each U+0000 in its text (an escaped NUL is valid JSON, but PostgreSQL cannot store it in
    /// text, and SQLite would cut it off for most readers), noted; the line is in raw already.
    /// </summary>
    private static RunRow Storable(RunRow row, List<string> notes)
    {
        object?[]? values = null;
        foreach (var field in RunFields.All)
        {
            if (row[field] is string text && text.Contains('\0', StringComparison.Ordinal))
            {
                values ??= [.. RunFields.All.Select(f => row[f])];
                values[field.Ordinal] = text.Replace('\0', '\uFFFD');
                notes.Add($"{field.Name} holds U+0000, stored as U+FFFD");
            }
        }

        return values is null ? row : new RunRow(values) { Raw = row.Raw };
    }

    /// <summary>Notes each key the object gives more than once: JSON readers keep the last, as the mirror does.</summary>
    private static void Duplicates(JsonElement root, List<string> notes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var twice = new List<string>();
        foreach (var property in root.EnumerateObject())
        {
            var name = NameOf(property);
            if (!seen.Add(name) && !twice.Contains(name))
            {
                twice.Add(name);
            }
        }

        foreach (var name in twice)
        {
            notes.Add($"key {name} given twice; the last one is taken");
        }
    }

    /// <summary>A key as text, or a stand-in when its escapes are not Unicode (a lone surrogate).</summary>
    private static string NameOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return "(a key that is not Unicode: " + property.ToString()[..Math.Min(40, property.ToString().Length)] + ")";
        }
    }

    private bool IsCanonical(RunRecord record, ReadOnlySpan<byte> line)
    {
        _canonical.ResetWrittenCount();
        _writer.Reset(_canonical);
        JsonSerializer.Serialize(_writer, record, LedgerJson.Line.RunRecord);
        _writer.Flush();
        return _canonical.WrittenSpan.SequenceEqual(line);
    }

    /// <param name="line">The line, valid UTF-8.</param>
    /// <param name="first">A note that comes before the others (the line was not valid UTF-8), or null.</param>
    private static ParsedLine ParseForeign(ReadOnlySpan<byte> line, string? first)
    {
        var prefix = first is null ? "" : first + "; ";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException e)
        {
            return ParsedLine.Skipped(prefix + (line.IndexOf((byte)'{') == 0 ? $"torn or not JSON ({FirstSentence(e.Message)})" : $"not JSON ({FirstSentence(e.Message)})"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParsedLine.Skipped(prefix + $"a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
            }

            // By name, the last of a repeated key winning (as System.Text.Json does), and never failing on a key's escapes.
            var fields = root.EnumerateObject().GroupBy(NameOf, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
            if (!fields.TryGetValue(RunFields.RunId.Name, out var id) || id.ValueKind != JsonValueKind.String)
            {
                return ParsedLine.Skipped(prefix + "no run_id");
            }

            var lost = new List<string>();
            if (Text(fields, RunFields.RunId, lost) is not { Length: > 0 } runId || runId.Contains('\0', StringComparison.Ordinal))
            {
                return ParsedLine.Skipped(prefix + (lost.Count > 0 ? lost[0] : "no run_id"));
            }

            Duplicates(root, lost);
            var values = new object?[RunFields.All.Count];
            foreach (var field in RunFields.All)
            {
                values[field.Ordinal] = field == RunFields.RunId ? runId
                    : field.Kind switch
                    {
                        RunFieldKind.Text => Text(fields, field, lost),
                        RunFieldKind.Instant => Instant(fields, field, lost),
                        _ => Integer(fields, field, lost),
                    };
            }

            var row = Storable(new RunRow(values) { Raw = Encoding.UTF8.GetString(line) }, lost);
            var unknown = root.EnumerateObject().Select(NameOf).Where(n => !KnownFields.Contains(n)).Distinct().ToList();
            if (unknown.Count > 0)
            {
                lost.Add($"unknown fields kept in raw: {string.Join(", ", unknown)}");
            }

            return new ParsedLine(row, lost.Count == 0 ? first : $"{prefix}imported in part: {string.Join("; ", lost)}");
        }
    }

    private static readonly HashSet<string> KnownFields = [.. RunFields.All.Select(f => f.Name)];

    private static bool Present(Dictionary<string, JsonElement> root, RunField field, List<string> lost, out JsonElement value)
    {
        if (root.TryGetValue(field.Name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.Undefined && field.Required)
        {
            lost.Add($"no {field.Name}");
        }

        return false;
    }

    private static string? Text(Dictionary<string, JsonElement> root, RunField field, List<string> lost)
    {
        var name = field.Name;
        if (!Present(root, field, lost, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            try
            {
                return value.GetString();
            }
            catch (InvalidOperationException)
            {
                lost.Add($"{name} holds an escape that is not Unicode (a lone surrogate)");
                return null;
            }
        }

        lost.Add($"{name} is a {Kind(value)}, not a string");
        return null;
    }

    private static string? Instant(Dictionary<string, JsonElement> root, RunField field, List<string> lost)
    {
        var name = field.Name;
        var text = Text(root, field, lost);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return UtcInstantConverter.ToText(instant);
        }

        lost.Add($"{name} is not an ISO-8601 instant");
        return null;
    }

    private static long? Integer(Dictionary<string, JsonElement> root, RunField field, List<string> lost)
    {
        var name = field.Name;
        if (!Present(root, field, lost, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        // 1000.0 or 1e3 from another writer is still a whole number.
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var real) && real == Math.Floor(real) && Math.Abs(real) < 1e15)
        {
            return (long)real;
        }

        lost.Add($"{name} is a {Kind(value)}, not an integer");
        return null;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => "non-integer number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
