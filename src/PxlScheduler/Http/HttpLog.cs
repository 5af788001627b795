using Microsoft.Extensions.Logging;

namespace PxlScheduler.Http;

/// <summary>The HTTP surface's log messages (event ids 1600–1699).</summary>
internal static partial class HttpLog
{
    [LoggerMessage(1601, LogLevel.Information, "HTTP token generated into {Path} (mode 0600); send it as 'Authorization: Bearer <token>' to pause, resume or trigger")]
    public static partial void TokenGenerated(ILogger logger, string path);

    [LoggerMessage(1602, LogLevel.Information, "HTTP token read from {Path}")]
    public static partial void TokenRead(ILogger logger, string path);

    [LoggerMessage(1603, LogLevel.Information, "HTTP token from Http:Token")]
    public static partial void TokenConfigured(ILogger logger);

    [LoggerMessage(1604, LogLevel.Warning, "HTTP request refused ({Status}) for {Method} {Path} from {Remote}: {Reason}")]
    public static partial void Refused(ILogger logger, int status, string method, string path, string remote, string reason);

    [LoggerMessage(1605, LogLevel.Information, "HTTP {Action} of {Schedule} from {Remote}")]
    public static partial void Changed(ILogger logger, string action, string schedule, string remote);

    [LoggerMessage(1606, LogLevel.Information, "Metrics start from the ledger: {Runs} run(s) of {Schedules} schedule(s)")]
    public static partial void MetricsSeeded(ILogger logger, long runs, int schedules);

    [LoggerMessage(1607, LogLevel.Warning, "Metrics could not be refreshed from the shared ledger ({Reason}); trying again")]
    public static partial void MetricsRefreshFailed(ILogger logger, string reason);
}
