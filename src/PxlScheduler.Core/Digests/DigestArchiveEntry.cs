namespace PxlScheduler.Core.Digests;

/// <summary>One archive in the chain: its file name, the source generation and byte range it holds, and its line count.</summary>
internal sealed record DigestArchiveEntry
{
    public required string File { get; init; }

    public required int Generation { get; init; }

    /// <summary>Where in the source (of its generation) the archive's first byte was.</summary>
    public required long Offset { get; init; }

    /// <summary>Uncompressed length.</summary>
    public required long Bytes { get; init; }

    public required int Lines { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
