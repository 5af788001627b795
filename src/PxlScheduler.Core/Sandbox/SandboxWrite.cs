namespace PxlScheduler.Core.Sandbox;

/// <summary>One file a cycle created, changed or deleted; <see cref="Path"/> is relative to the sandbox.</summary>
internal sealed record SandboxWrite(string Path, SandboxChange Change);
