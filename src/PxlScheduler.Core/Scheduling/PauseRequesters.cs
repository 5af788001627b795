namespace PxlScheduler.Core.Scheduling;

/// <summary>Who paused a schedule, as the store records it; `status` and the store sync read it back.</summary>
public static class PauseRequesters
{
    /// <summary>Consecutive failures reached <c>maxFailures</c>.</summary>
    public const string Halt = "pxl:halt";

    /// <summary>An operator ran `pxl pause`.</summary>
    public const string Operator = "pxl:pause";

    /// <summary>The schedule file says <c>"enabled": false</c>.</summary>
    public const string Disabled = "pxl:disabled";
}
