namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// How far an import has read: bytes of the ledger (of <see cref="TotalBytes"/>) and lines; once every line is
/// read, <see cref="Step"/> names what the rebuild is doing with them (null while it reads).
/// </summary>
public readonly record struct ImportProgress(long Bytes, long TotalBytes, long Lines, string? Step = null);
