using System.Text.Json.Serialization;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Something that happened to a schedule in this `serve` (SPEC 12, the API's event stream): a run started or
/// finished, the schedule halted, backed off, was paused or resumed. Instants are UTC.
/// </summary>
public sealed record ScheduleEvent(string Type, string Schedule, DateTimeOffset At)
{
    public const string RunStarted = "run_started";
    public const string RunFinished = "run_finished";
    public const string Halted = "halted";
    public const string Backoff = "backoff";
    public const string Paused = "paused";
    public const string Resumed = "resumed";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RunId { get; init; }

    /// <summary>When a finished run started.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>A finished run's status (ledger wire name).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    /// <summary>A finished run's duration in milliseconds.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? DurationMs { get; init; }

    /// <summary>The failure count after a finished run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ConsecutiveFailures { get; init; }

    /// <summary>A halt's or pause's reason.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>A backoff's end: the next fire.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Until { get; init; }

    /// <summary>The node the run or change happened on (clustered stores).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Node { get; init; }
}
