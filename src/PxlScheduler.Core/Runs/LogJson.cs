using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Json;

namespace PxlScheduler.Core.Runs;

/// <summary>JSON for the run log header: a goal is written as a JSON string so every byte of it stays visible on one line.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class LogJson : JsonSerializerContext
{
    /// <summary>Escapes only what JSON requires (quotes, backslashes, control characters), so a goal stays readable.</summary>
    public static LogJson Relaxed { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
