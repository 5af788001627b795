using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Core.Sandbox;

/// <summary>Counts a cycle's writes under the configured sandbox (SPEC 6 step 6): a snapshot before the command, the changes after it.</summary>
internal sealed class SandboxWriteCounter(Workspace workspace, IOptions<PathsOptions> paths)
{
    private string Directory => workspace.Resolve(paths.Value.Sandbox);

    public SandboxSnapshot Snapshot() => SandboxSnapshot.Take(Directory);

    public IReadOnlyList<SandboxWrite> WritesSince(SandboxSnapshot before) => Snapshot().ChangesSince(before);

    /// <summary>How a write reads in the run log: <c>created sandbox/notes/a.txt</c>.</summary>
    public string Describe(SandboxWrite write) =>
        $"{write.Change.ToString().ToLowerInvariant()} {workspace.Display(Path.Combine(Directory, write.Path))}";
}
