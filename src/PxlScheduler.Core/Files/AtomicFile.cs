namespace PxlScheduler.Core.Files;

/// <summary>Replaces a file so that readers see either the old content or the new, never a mix: temp file, flush to disk, rename.</summary>
/// <remarks>
/// The content is written synchronously: it is a few hundred bytes, and the fsync blocks the thread either way, so an
/// asynchronous write only added a hop to the thread pool and back on every cycle.
/// </remarks>
public static class AtomicFile
{
    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        WriteAllBytesAsync(path, content, FileModes.Shared, cancellationToken);

    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/>, the new file created with <paramref name="mode"/>.</summary>
    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, UnixFileMode mode, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var replacement = Prepare(path, content.Span, mode);
        replacement.Commit();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Writes <paramref name="content"/> to a temp file beside <paramref name="path"/> and flushes it to disk;
    /// <paramref name="path"/> changes only at <see cref="AtomicReplacement.Commit"/>.
    /// </summary>
    /// <param name="path">The file to replace.</param>
    /// <param name="content">Its new content.</param>
    /// <param name="mode">The new file's permissions, set as the temp file is created, so it is never readable more widely.</param>
    public static AtomicReplacement Prepare(string path, ReadOnlySpan<byte> content, UnixFileMode mode = FileModes.Shared)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = mode,
            });
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return new AtomicReplacement(temp, path);
    }
}
