namespace PxlScheduler.Core.Files;

/// <summary>Replaces a file so that readers see either the old content or the new, never a mix: temp file, flush to disk, rename.</summary>
/// <remarks>
/// The content is written synchronously: it is a few hundred bytes, and the fsync blocks the thread either way, so an
/// asynchronous write only added a hop to the thread pool and back on every cycle.
/// </remarks>
public static class AtomicFile
{
    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var replacement = Prepare(path, content.Span);
        replacement.Commit();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Writes <paramref name="content"/> to a temp file beside <paramref name="path"/> and flushes it to disk;
    /// <paramref name="path"/> changes only at <see cref="AtomicReplacement.Commit"/>.
    /// </summary>
    public static AtomicReplacement Prepare(string path, ReadOnlySpan<byte> content)
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
                UnixCreateMode = FileModes.Shared,
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
