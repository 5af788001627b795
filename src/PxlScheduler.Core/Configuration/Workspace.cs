namespace PxlScheduler.Core.Configuration;

/// <summary>
/// The repository root every relative path in configuration is resolved against (the working
/// directory of <c>pxl</c>), and the way paths are shown back to people: relative to that root.
/// </summary>
public sealed record Workspace(string Root)
{
    /// <summary>The workspace of the current working directory.</summary>
    public static Workspace Current() => new(Directory.GetCurrentDirectory());

    /// <summary>An absolute path for <paramref name="path"/>, relative paths taken from <see cref="Root"/>.</summary>
    public string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(Root, path));

    /// <summary>The path as written in output, logs and the ledger: relative to the root where it lies below it.</summary>
    public string Display(string path)
    {
        var full = Resolve(path);
        var relative = Path.GetRelativePath(Root, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
    }
}
