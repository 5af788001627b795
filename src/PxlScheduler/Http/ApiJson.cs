using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PxlScheduler.Core.Ledger.Queries;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Scheduling;

namespace PxlScheduler.Http;

/// <summary>
/// The JSON of the HTTP API, source-generated: the options of the CLI's <c>--json</c> (snake_case names, instants as
/// ISO-8601 UTC), so <c>pxl status --json</c> and <c>/api/v1/schedules</c> print the same objects.
/// </summary>
[JsonSerializable(typeof(ScheduleStatus))]
[JsonSerializable(typeof(IReadOnlyList<ScheduleStatus>))]
[JsonSerializable(typeof(RunPage))]
[JsonSerializable(typeof(RunView))]
[JsonSerializable(typeof(IReadOnlyList<ScheduleStats>))]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(ControlResult))]
[JsonSerializable(typeof(HealthBody))]
[JsonSerializable(typeof(ScheduleEvent))]
internal sealed partial class ApiJson : JsonSerializerContext
{
    public static ApiJson Api { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new UtcInstantConverter() },
    });
}
