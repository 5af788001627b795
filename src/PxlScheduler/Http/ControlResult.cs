namespace PxlScheduler.Http;

/// <summary>What a pause, resume or trigger over HTTP did: the CLI's line, and for a resume what it lifted.</summary>
internal sealed record ControlResult(string Schedule, string Action, string Message)
{
    public int? FailuresCleared { get; init; }
    public string? HaltLifted { get; init; }
}
