using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Notifications;

/// <summary>The events' wire format: snake_case, instants as ISO-8601 UTC with milliseconds, nulls left out.</summary>
[JsonSerializable(typeof(NotificationEvent))]
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UtcInstantConverter)])]
internal sealed partial class NotificationJson : JsonSerializerContext
{
    public static NotificationJson Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new UtcInstantConverter() },
    });

    public static string Serialize(NotificationEvent e) => JsonSerializer.Serialize(e, Wire.NotificationEvent);

    public static NotificationEvent Deserialize(string json) =>
        JsonSerializer.Deserialize(json, Wire.NotificationEvent) ?? throw new JsonException("an outbox payload is empty");
}
