using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Core.Sandbox;

/// <summary>Counts a cycle's writes under the configured sandbox (SPEC 6 step 6): a snapshot before the command, the changes after it.</summary>
internal sealed class SandboxWriteCounter(Workspace workspace, IOptions<PathsOptions> paths)
{
    private string Directory => workspace.Resolve(paths.Value.Sandbox);

    public SandboxSnapshot Snapshot() => SandboxSnapshot.Take(Directory);

    /// <summary>The writes since <paramref name="before"/>, or null when either walk stopped at its bound and they were not counted.</summary>
    public IReadOnlyList<SandboxWrite>? WritesSince(SandboxSnapshot before) =>
        Snapshot() is { IsComplete: true } after && before.IsComplete ? after.ChangesSince(before) : null;

    /// <summary>Why the writes were not counted, for the run log.</summary>
    public string NotCounted() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"sandbox writes: not counted: {workspace.Display(Directory)}/ holds more than {SandboxSnapshot.DefaultMaxEntries} entries (files, links and folders), so the write cap was not checked");

    /// <summary>How a write reads in the run log: <c>created sandbox/notes/a.txt</c>.</summary>
    public string Describe(SandboxWrite write) =>
        $"{write.Change.ToString().ToLowerInvariant()} {workspace.Display(Path.Combine(Directory, write.Path))}";
}
