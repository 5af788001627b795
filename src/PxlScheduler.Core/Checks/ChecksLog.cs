using Microsoft.Extensions.Logging;

namespace PxlScheduler.Core.Checks;

/// <summary>Log messages of the prerequisite checks (event ids 1500–1599).</summary>
internal static partial class ChecksLog
{
    [LoggerMessage(1500, LogLevel.Error, "Required prerequisite {Name} failed: {Detail}. {Hint}")]
    public static partial void RequiredFailed(ILogger logger, string name, string detail, string? hint);
}
