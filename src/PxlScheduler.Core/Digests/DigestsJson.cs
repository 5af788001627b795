using System.Text.Json.Serialization;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Digests;

/// <summary>The archive state file's format: snake_case, indented for people, instants as the ledger writes them.</summary>
[JsonSerializable(typeof(DigestArchiveState))]
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    Converters = [typeof(UtcInstantConverter)])]
internal sealed partial class DigestsJson : JsonSerializerContext;
