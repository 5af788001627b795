using System.IO.Enumeration;

namespace PxlScheduler.Core.Sandbox;

/// <summary>
/// Every file under the sandbox (hidden ones and symbolic links included, directories not) with its
/// size and last-write time, taken before and after a cycle; the difference is the cycle's writes
/// (SPEC 6 step 6).
/// </summary>
/// <remarks>
/// <para>
/// One directory walk and one <c>lstat</c> per file, no reading: cheap for 10,000 files (see
/// <c>bench/sandbox</c> and docs/performance.md). The cost of not hashing: a file rewritten with the same size
/// and the same last-write time is not seen. A rewrite during the cycle gets a last-write time after
/// the snapshot was taken, so this needs a tool that sets the time back (<c>touch -d</c>,
/// <c>cp -p</c>, <c>rsync -t</c>) onto content of the same size.
/// </para>
/// <para>
/// Symbolic links are never followed: a link is one file, created or deleted with it, changed when its target
/// text changes. Following them walked <c>a -&gt; .</c> for ever, and counted a link to a big tree as that tree's
/// files (issue 19). The walk is also bounded (<see cref="DefaultMaxEntries"/> entries, directories included):
/// past it the snapshot is <see cref="IsComplete">incomplete</see> and the cycle says it did not count.
/// </para>
/// </remarks>
internal sealed class SandboxSnapshot
{
    /// <summary>Entries walked at most: ten times what the benchmark measures as cheap, far below what hangs a cycle.</summary>
    public const int DefaultMaxEntries = 100_000;

    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
        ReturnSpecialDirectories = false,
    };

    private readonly Dictionary<string, FileStamp> _files;

    private SandboxSnapshot(Dictionary<string, FileStamp> files, bool complete)
    {
        _files = files;
        IsComplete = complete;
    }

    public int Count => _files.Count;

    /// <summary>False when the walk stopped at its bound: the snapshot then holds only part of the sandbox.</summary>
    public bool IsComplete { get; }

    /// <summary>The files under <paramref name="directory"/> now; none when it does not exist.</summary>
    public static SandboxSnapshot Take(string directory, int maxEntries = DefaultMaxEntries)
    {
        var files = new Dictionary<string, FileStamp>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return new SandboxSnapshot(files, complete: true);
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var walk = new FileSystemEnumerable<(string Path, FileStamp? Stamp)>(
            root,
            (ref FileSystemEntry entry) => (Path.Join(entry.Directory[root.Length..].TrimStart('/'), entry.FileName), Stamp(ref entry)),
            Walk)
        {
            // Never into a link, even one to a directory: the loop a -> . and a link to /usr are one entry each.
            ShouldRecursePredicate = (ref FileSystemEntry entry) => !IsLink(ref entry),
        };
        var entries = 0;
        foreach (var (path, stamp) in walk)
        {
            if (++entries > maxEntries)
            {
                return new SandboxSnapshot(files, complete: false);
            }

            if (stamp is { } file)
            {
                files[path] = file;
            }
        }

        return new SandboxSnapshot(files, complete: true);
    }

    /// <summary>The files created, changed or deleted since <paramref name="before"/>, in path order.</summary>
    public IReadOnlyList<SandboxWrite> ChangesSince(SandboxSnapshot before)
    {
        var writes = new List<SandboxWrite>();
        foreach (var (path, stamp) in _files)
        {
            if (!before._files.TryGetValue(path, out var old))
            {
                writes.Add(new SandboxWrite(path, SandboxChange.Created));
            }
            else if (old != stamp)
            {
                writes.Add(new SandboxWrite(path, SandboxChange.Modified));
            }
        }

        writes.AddRange(before._files.Keys.Where(path => !_files.ContainsKey(path)).Select(path => new SandboxWrite(path, SandboxChange.Deleted)));
        writes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return writes;
    }

    private static bool IsLink(ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) != 0;

    /// <summary>A file's stamp; a link's target text (read, not followed); null for a directory, which is walked, not counted.</summary>
    private static FileStamp? Stamp(ref FileSystemEntry entry)
    {
        if (IsLink(ref entry))
        {
            // A link that vanished between the listing and now reads as an empty target: it changed, which it did.
            return new FileStamp(0, 0, new FileInfo(entry.ToFullPath()).LinkTarget ?? "");
        }

        return entry.IsDirectory ? null : new FileStamp(entry.Length, entry.LastWriteTimeUtc.UtcTicks);
    }
}
