namespace PxlScheduler.Core.Digests;

/// <summary>What one archive pass did: the new archive (workspace-relative) and its line count, or none when nothing complete was new.</summary>
internal sealed record DigestArchiveResult(string? ArchivePath, int Lines, long Bytes, string? SourceReset)
{
    public static DigestArchiveResult Nothing(string? sourceReset) => new(null, 0, 0, sourceReset);
}
