using System.Buffers.Text;
using System.Text.Json;

namespace PxlScheduler.Core.Ledger.Reading;

/// <summary>
/// The rebuild's fast path: recognises a line exactly as pxl writes it — the fields of <see cref="RunFields"/> in order, no
/// whitespace, printable-ASCII text with no escapes, instants as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>,
/// integers in plain decimal — and finds its fields without allocating. Such a line is the canonical
/// serialization of its columns, so <c>raw</c> stays NULL. Any other line is left to
/// <see cref="LedgerLineParser"/>, which is exact but an order of magnitude slower.
/// </summary>
internal static class CanonicalLineParser
{
    /// <summary>Each field's name and what pxl writes there, in order, from <see cref="RunFields"/>.</summary>
    private static readonly (byte[] Name, RunField Field)[] Fields = [.. RunFields.All.Select(f => (f.Utf8Name, f))];

    public static bool TryParse(ReadOnlySpan<byte> line, CanonicalFields fields)
    {
        try
        {
            return TryParseCore(line, fields);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryParseCore(ReadOnlySpan<byte> line, CanonicalFields fields)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        // Every token must start where the canonical layout puts it: that rules out whitespace.
        var expected = 1;
        for (var i = 0; i < Fields.Length; i++)
        {
            var (name, field) = Fields[i];
            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || reader.TokenStartIndex != expected
                || reader.ValueIsEscaped || !reader.ValueSpan.SequenceEqual(name))
            {
                return false;
            }

            expected += name.Length + 3;
            if (!reader.Read() || reader.TokenStartIndex != expected || !TryValue(ref reader, field, fields))
            {
                return false;
            }

            expected += reader.ValueSpan.Length + (reader.TokenType == JsonTokenType.String ? 2 : 0) + 1;
        }

        return reader.Read() && reader.TokenType == JsonTokenType.EndObject && reader.TokenStartIndex == expected - 1
            && line.Length == expected && !reader.Read();
    }

    private static bool TryValue(ref Utf8JsonReader reader, RunField field, CanonicalFields fields)
    {
        var index = field.Ordinal;
        if (reader.TokenType == JsonTokenType.Null)
        {
            fields.Kinds[index] = FieldKind.Null;
            return field.Nullable;
        }

        if (field.Kind is RunFieldKind.Text or RunFieldKind.Instant)
        {
            if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !IsPlainAscii(reader.ValueSpan)
                || (field.Kind == RunFieldKind.Instant && !IsCanonicalInstant(reader.ValueSpan)))
            {
                return false;
            }

            fields.Kinds[index] = FieldKind.Text;
            fields.Starts[index] = (int)reader.TokenStartIndex + 1;
            fields.Lengths[index] = reader.ValueSpan.Length;
            return true;
        }

        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value)
            || (field.Int32 && value is < int.MinValue or > int.MaxValue))
        {
            return false;
        }

        // Plain decimal only: "1.0", "1e3" or "01" would be written back differently.
        Span<byte> canonical = stackalloc byte[20];
        if (!Utf8Formatter.TryFormat(value, canonical, out var written) || !canonical[..written].SequenceEqual(reader.ValueSpan))
        {
            return false;
        }

        fields.Kinds[index] = FieldKind.Integer;
        fields.Integers[index] = value;
        return true;
    }

    /// <summary>Printable ASCII is what the ledger's encoder writes as itself; anything else may be escaped, so it takes the exact path.</summary>
    private static bool IsPlainAscii(ReadOnlySpan<byte> text) => !text.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E);

    /// <summary><c>yyyy-MM-ddTHH:mm:ss.fffZ</c> naming a real instant (no 30 February, no hour 24).</summary>
    private static bool IsCanonicalInstant(ReadOnlySpan<byte> text)
    {
        if (text.Length != 24 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != '.' || text[23] != 'Z')
        {
            return false;
        }

        return Number(text, 0, 4, out var year) && Number(text, 5, 2, out var month) && Number(text, 8, 2, out var day)
            && Number(text, 11, 2, out var hour) && Number(text, 14, 2, out var minute) && Number(text, 17, 2, out var second)
            && Number(text, 20, 3, out _)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && hour < 24 && minute < 60 && second < 60;
    }

    private static bool Number(ReadOnlySpan<byte> text, int start, int length, out int value)
    {
        value = 0;
        foreach (var digit in text.Slice(start, length))
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + digit - '0';
        }

        return true;
    }
}
