namespace PxlScheduler.Core.Sandbox;

/// <summary>What a snapshot keeps of one file: its size and its last-write time in 100 ns ticks (UTC).</summary>
internal readonly record struct FileStamp(long Size, long LastWriteTicks);
