using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json;

namespace PxlScheduler.Core.Runs;

/// <summary>Reads any ISO-8601 instant; writes UTC as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
internal sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToText(DateTimeOffset instant) => instant.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Reads an instant; anything else (null, a number, text that is none, an instant out of range) is a <see cref="JsonException"/>.</summary>
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
        && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.ToUniversalTime()
            : throw new JsonException($"not an ISO-8601 instant ({reader.TokenType})");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToText(value));
}
