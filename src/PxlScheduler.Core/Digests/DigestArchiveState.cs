namespace PxlScheduler.Core.Digests;

/// <summary>
/// What the archiver remembers between runs (<c>state.json</c> beside the archives): how far into the
/// source it has archived, a SHA-256 of those bytes to recognise the same source next time, and the
/// archives in order. A source that shrank or whose archived bytes changed starts a new generation.
/// </summary>
internal sealed record DigestArchiveState
{
    /// <summary>SHA-256 of no bytes: the prefix hash of a source nothing was archived from yet.</summary>
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public int Generation { get; init; } = 1;

    /// <summary>Bytes of the current generation's source already archived; always just after a newline.</summary>
    public long Offset { get; init; }

    /// <summary>SHA-256 (hex) of the source's first <see cref="Offset"/> bytes.</summary>
    public string PrefixSha256 { get; init; } = EmptySha256;

    /// <summary>Every archive, oldest first, earlier generations included.</summary>
    public List<DigestArchiveEntry> Archives { get; init; } = [];
}
