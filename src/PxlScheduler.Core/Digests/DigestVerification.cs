namespace PxlScheduler.Core.Digests;

/// <summary>The outcome of <c>pxl digests verify</c>: whether the archives equal the source, and what was checked or where it broke.</summary>
internal sealed record DigestVerification(bool Ok, string Message);
