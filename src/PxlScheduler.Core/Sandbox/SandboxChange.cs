namespace PxlScheduler.Core.Sandbox;

/// <summary>How a file under the sandbox changed during a cycle.</summary>
internal enum SandboxChange
{
    Created,
    Modified,
    Deleted,
}
