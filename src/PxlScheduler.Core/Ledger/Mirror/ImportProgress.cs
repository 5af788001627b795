namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>How far an import has read: bytes of the ledger (of <see cref="TotalBytes"/>) and lines.</summary>
public readonly record struct ImportProgress(long Bytes, long TotalBytes, long Lines);
