namespace PxlScheduler.Http;

/// <summary>The JSON of <c>/healthz</c> and <c>/readyz</c>: the overall status and each check's.</summary>
internal sealed record HealthBody(string Status, double DurationMs, IReadOnlyList<HealthEntry> Checks);

/// <summary>One health check's verdict, its description and what it found (a halted schedule's reason).</summary>
internal sealed record HealthEntry(string Name, string Status, string? Description, double DurationMs, IReadOnlyDictionary<string, string> Data);
