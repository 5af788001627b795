using System.Text.Json.Serialization;

namespace PxlScheduler.Http;

/// <summary>An RFC 9457 problem (<c>application/problem+json</c>): what went wrong, and for a bad parameter which one.</summary>
internal sealed record ApiProblem(string Type, string Title, int Status, string Detail)
{
    /// <summary>The query or route parameter that was refused.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Parameter { get; init; }
}
