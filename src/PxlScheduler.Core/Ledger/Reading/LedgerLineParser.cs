using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
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

        RunRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(line, LedgerJson.Line.RunRecord);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            // Other types or a missing required field: read it field by field instead.
            return ParseForeign(line);
        }

        if (record is null)
        {
            return ParsedLine.Skipped("not a JSON object");
        }

        if (IsCanonical(record, line))
        {
            return new ParsedLine(RunRow.From(record, null), null);
        }

        using var document = JsonDocument.Parse(line.ToArray());
        var unknown = document.RootElement.EnumerateObject().Select(p => p.Name).Where(n => !KnownFields.Contains(n)).ToList();
        return new ParsedLine(
            RunRow.From(record, Encoding.UTF8.GetString(line)),
            unknown.Count > 0 ? $"unknown fields kept in raw: {string.Join(", ", unknown)}" : null);
    }

    private bool IsCanonical(RunRecord record, ReadOnlySpan<byte> line)
    {
        _canonical.ResetWrittenCount();
        _writer.Reset(_canonical);
        JsonSerializer.Serialize(_writer, record, LedgerJson.Line.RunRecord);
        _writer.Flush();
        return _canonical.WrittenSpan.SequenceEqual(line);
    }

    private static ParsedLine ParseForeign(ReadOnlySpan<byte> line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException e)
        {
            return ParsedLine.Skipped(line.IndexOf((byte)'{') == 0 ? $"torn or not JSON ({FirstSentence(e.Message)})" : $"not JSON ({FirstSentence(e.Message)})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParsedLine.Skipped($"a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
            }

            if (!root.TryGetProperty(RunFields.RunId.Name, out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(id.GetString()))
            {
                return ParsedLine.Skipped("no run_id");
            }

            var lost = new List<string>();
            var values = new object?[RunFields.All.Count];
            foreach (var field in RunFields.All)
            {
                values[field.Ordinal] = field == RunFields.RunId ? id.GetString()
                    : field.Kind switch
                    {
                        RunFieldKind.Text => Text(root, field, lost),
                        RunFieldKind.Instant => Instant(root, field, lost),
                        _ => Integer(root, field, lost),
                    };
            }

            var row = new RunRow(values) { Raw = Encoding.UTF8.GetString(line) };
            var unknown = root.EnumerateObject().Select(p => p.Name).Where(n => !KnownFields.Contains(n)).ToList();
            if (unknown.Count > 0)
            {
                lost.Add($"unknown fields kept in raw: {string.Join(", ", unknown)}");
            }

            return new ParsedLine(row, lost.Count == 0 ? null : $"imported in part: {string.Join("; ", lost)}");
        }
    }

    private static readonly HashSet<string> KnownFields = [.. RunFields.All.Select(f => f.Name)];

    private static bool Present(JsonElement root, RunField field, List<string> lost, out JsonElement value)
    {
        if (root.TryGetProperty(field.Name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.Undefined && field.Required)
        {
            lost.Add($"no {field.Name}");
        }

        return false;
    }

    private static string? Text(JsonElement root, RunField field, List<string> lost)
    {
        var name = field.Name;
        if (!Present(root, field, lost, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        lost.Add($"{name} is a {Kind(value)}, not a string");
        return null;
    }

    private static string? Instant(JsonElement root, RunField field, List<string> lost)
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

    private static long? Integer(JsonElement root, RunField field, List<string> lost)
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
