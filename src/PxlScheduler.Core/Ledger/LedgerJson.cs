using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PxlScheduler.Core.Ledger;

/// <summary>
/// The ledger's wire format (SPEC 9): snake_case names, instants as ISO-8601 UTC with milliseconds
/// (<c>2026-11-24T08:00:00.123Z</c>, which also sorts as text), only the escaping JSON requires.
/// </summary>
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(LatestState))]
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcInstantConverter)])]
internal sealed partial class LedgerJson : JsonSerializerContext
{
    /// <summary>One line per record, as the JSONL ledger holds it.</summary>
    public static LedgerJson Line { get; } = new(CreateOptions(indented: false));

    /// <summary>Indented, for files people open by hand (<c>latest.json</c>).</summary>
    public static LedgerJson Indented { get; } = new(CreateOptions(indented: true));

    private static JsonSerializerOptions CreateOptions(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = indented,
        Converters = { new UtcInstantConverter() },
    };
}

/// <summary>Reads any ISO-8601 instant; writes UTC as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
internal sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToText(DateTimeOffset instant) => instant.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToText(value));
}
