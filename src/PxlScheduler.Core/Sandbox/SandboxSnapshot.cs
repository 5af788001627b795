using System.IO.Enumeration;

namespace PxlScheduler.Core.Sandbox;

/// <summary>
/// Every file under the sandbox (hidden ones and symbolic links included, directories not) with its
/// size and last-write time, taken before and after a cycle; the difference is the cycle's writes
/// (SPEC 6 step 6).
/// </summary>
/// <remarks>
/// One directory walk and one <c>lstat</c> per file, no reading: cheap for 10,000 files (see
/// <c>bench/sandbox</c> and the README). The cost of not hashing: a file rewritten with the same size
/// and the same last-write time is not seen. A rewrite during the cycle gets a last-write time after
/// the snapshot was taken, so this needs a tool that sets the time back (<c>touch -d</c>,
/// <c>cp -p</c>, <c>rsync -t</c>) onto content of the same size.
/// </remarks>
internal sealed class SandboxSnapshot
{
    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
        ReturnSpecialDirectories = false,
    };

    private readonly Dictionary<string, FileStamp> _files;

    private SandboxSnapshot(Dictionary<string, FileStamp> files)
    {
        _files = files;
    }

    public int Count => _files.Count;

    /// <summary>The files under <paramref name="directory"/> now; none when it does not exist.</summary>
    public static SandboxSnapshot Take(string directory)
    {
        var files = new Dictionary<string, FileStamp>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return new SandboxSnapshot(files);
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var walk = new FileSystemEnumerable<KeyValuePair<string, FileStamp>>(
            root,
            (ref FileSystemEntry entry) => new(
                Path.Join(entry.Directory[root.Length..].TrimStart('/'), entry.FileName),
                new FileStamp(entry.Length, entry.LastWriteTimeUtc.UtcTicks)),
            Walk)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
        };
        foreach (var (path, stamp) in walk)
        {
            files[path] = stamp;
        }

        return new SandboxSnapshot(files);
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
}
