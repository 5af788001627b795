namespace PxlScheduler.Core.Sandbox;

/// <summary>
/// What a snapshot keeps of one file: its size and its last-write time in 100 ns ticks (UTC); for a symbolic
/// link, only the text of its target (the link is not followed, so what it points to is not the sandbox's).
/// </summary>
internal readonly record struct FileStamp(long Size, long LastWriteTicks, string? LinkTarget = null);
