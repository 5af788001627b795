using System.Buffers;
using System.Text.Json;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Ledger;

/// <summary>
/// A row of the <c>runs</c> table: a value for each of <see cref="RunFields.All"/> as stored (text, instants as
/// ISO-8601 UTC text, integers as <see cref="long"/>), each NULL when a foreign line lacked it, and
/// <see cref="Raw"/> only when the JSONL line is not the canonical serialization of these columns.
/// </summary>
internal sealed class RunRow
{
    private readonly object?[] _values;

    /// <param name="values">One value per field of <see cref="RunFields.All"/>, by ordinal; the run id is never null.</param>
    public RunRow(object?[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Length, RunFields.All.Count, nameof(values));
        if (values[RunFields.RunId.Ordinal] is not string)
        {
            throw new ArgumentException("a row needs its run_id", nameof(values));
        }

        _values = values;
    }

    public string RunId => (string)_values[RunFields.RunId.Ordinal]!;

    public string? Raw { get; init; }

    /// <summary>The stored value of <paramref name="field"/>: a string, a <see cref="long"/>, or null.</summary>
    public object? this[RunField field] => _values[field.Ordinal];

    public string? Text(RunField field) => _values[field.Ordinal] as string;

    public long? Integer(RunField field) => _values[field.Ordinal] as long?;

    public static RunRow From(RunRecord record, string? raw)
    {
        var values = new object?[RunFields.All.Count];
        foreach (var field in RunFields.All)
        {
            values[field.Ordinal] = field.Stored(record);
        }

        return new RunRow(values) { Raw = raw };
    }

    /// <summary>The values in the order of <see cref="Mirror.RunColumns.All"/> (the fields, then <c>raw</c>), NULL as <see cref="DBNull"/>.</summary>
    public void CopyTo(Span<object> values)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            values[i] = _values[i] ?? DBNull.Value;
        }

        values[_values.Length] = Raw ?? (object)DBNull.Value;
    }

    /// <summary>The run this row holds, when it holds a whole one (a foreign line's may not): its fields written as pxl writes them, read back.</summary>
    public RunRecord? ToRecord()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var field in RunFields.All)
            {
                switch (_values[field.Ordinal])
                {
                    case string text:
                        writer.WriteString(field.Utf8Name, text);
                        break;
                    case long number:
                        writer.WriteNumber(field.Utf8Name, number);
                        break;
                    default:
                        writer.WriteNull(field.Utf8Name);
                        break;
                }
            }

            writer.WriteEndObject();
        }

        try
        {
            return JsonSerializer.Deserialize(buffer.WrittenSpan, LedgerJson.Line.RunRecord);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
