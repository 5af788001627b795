using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Json;
using PxlScheduler.Core.Ledger.Queries;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Scheduling;

namespace PxlScheduler.Commands;

/// <summary>The JSON the commands print for machines: snake_case names, instants as ISO-8601 UTC.</summary>
[JsonSerializable(typeof(IReadOnlyList<ScheduleStatus>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<ScheduleStats>))]
internal sealed partial class CliJson : JsonSerializerContext
{
    public static CliJson Indented { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        Converters = { new UtcInstantConverter() },
    });
}
