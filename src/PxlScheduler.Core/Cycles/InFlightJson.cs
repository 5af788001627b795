using System.Text.Json.Serialization;

namespace PxlScheduler.Core.Cycles;

/// <summary>Source-generated JSON for the in-flight markers.</summary>
[JsonSerializable(typeof(InFlightRun))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class InFlightJson : JsonSerializerContext;
