namespace PxlScheduler.Core.Ledger.Reading;

/// <summary>A place in the JSONL ledger: the byte offset of a line's start and the number of lines before it.</summary>
internal readonly record struct ScanPosition(long Offset, long LinesBefore)
{
    public static ScanPosition Start { get; } = new(0, 0);
}
