namespace PxlScheduler.Core.Checks;

/// <summary>A prerequisite check after it ran: <c>pass</c>, <c>fail</c> (required) or <c>warn</c> (optional), with its detail and hint.</summary>
internal sealed record CheckResult(string Name, bool Required, bool Passed, string Detail, string? Hint)
{
    public string Status => Passed ? "pass" : Required ? "fail" : "warn";

    /// <summary>A required check that failed: it fails <c>pxl check</c> and stops a cycle.</summary>
    public bool Blocks => Required && !Passed;
}
