namespace PxlScheduler.Commands;

/// <summary>The exit codes of `pxl` (SPEC 3).</summary>
internal static class ExitCodes
{
    /// <summary>Success; for `run`, the last cycle succeeded or the stop file ended it.</summary>
    public const int Success = 0;

    /// <summary>The last cycle failed, or a required check failed.</summary>
    public const int Failure = 1;

    /// <summary>Usage, configuration or schedule error.</summary>
    public const int UsageError = 2;

    /// <summary>Halted by consecutive failures.</summary>
    public const int Halted = 3;

    /// <summary>Stopped by Ctrl+C or SIGTERM; the running cycle was recorded as cancelled (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
