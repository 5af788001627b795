using Microsoft.Extensions.Logging;

namespace PxlScheduler.Core.Digests;

/// <summary>Log messages of the planner digest archives (event ids 1400–1499).</summary>
internal static partial class DigestsLog
{
    [LoggerMessage(1400, LogLevel.Information, "Archived {Lines} digest line(s) ({Bytes} bytes) to {Archive}")]
    public static partial void Archived(ILogger logger, int lines, long bytes, string archive);

    [LoggerMessage(1401, LogLevel.Warning, "Digest file {Source} {Reason}; archiving it from its start as generation {Generation}. Earlier archives are kept")]
    public static partial void SourceReset(ILogger logger, string source, string reason, int generation);

    [LoggerMessage(1402, LogLevel.Error, "Archiving the digest file {Source} failed: {Reason}")]
    public static partial void ArchiveFailed(ILogger logger, string source, string reason);
}
