using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Json;
using PxlScheduler.Core.Runs;

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
