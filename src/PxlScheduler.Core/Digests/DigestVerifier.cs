using System.Globalization;
using PxlScheduler.Core.Files;

namespace PxlScheduler.Core.Digests;

/// <summary>
/// Proves that the archives of the current source generation, decompressed and concatenated in the
/// state's order, equal the source byte for byte up to what has been archived; names the first archive
/// that is missing, corrupt or different.
/// </summary>
/// <remarks>
/// Archives of earlier generations (before the source shrank or was replaced) cannot be compared with
/// a source that no longer holds their bytes; they are counted, checked to exist and to decompress, not
/// compared. Bytes after the last archive (lines appended since, a partial last line) are reported as
/// pending, not as a failure: the next archive takes them.
/// </remarks>
internal sealed class DigestVerifier(DigestArchiveFolder folder)
{
    private const int BufferSize = 64 * 1024;

    public async Task<DigestVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var folderLock = await folder.LockAsync(cancellationToken, forReading: true);
        var display = folder.Workspace.Display(folder.Source);
        var state = await folder.LoadStateAsync(cancellationToken);
        // The file the archiver reads: a symbolic link followed to it, measured through the open handle (not the link).
        await using var source = File.Exists(folder.Source)
            ? RegularFile.OpenRead(folder.Source, display, bufferSize: BufferSize)
            : null;
        var sourceLength = source?.Length ?? 0;
        if (state is null)
        {
            return Directory.Exists(folder.Directory) && Directory.EnumerateFiles(folder.Directory, "*.gz").Any()
                ? new(false, $"{folder.Workspace.Display(folder.StateFile)} is missing, so the order of the archives is unknown")
                : new(true, Invariant($"nothing archived yet; {sourceLength} byte(s) of {display} pending"));
        }

        foreach (var old in state.Archives.Where(a => a.Generation != state.Generation))
        {
            if (await CheckDecompressesAsync(old, cancellationToken) is { } problem)
            {
                return new(false, problem);
            }
        }

        if (sourceLength < state.Offset)
        {
            return new(false, Invariant($"{display} has {sourceLength} byte(s) but {state.Offset} were archived: it shrank or was replaced since the last archive (run `pxl digests archive`)"));
        }

        if (source is null)
        {
            return new(false, Invariant($"{display} does not exist, but {state.Offset} byte(s) of it were archived"));
        }

        var current = state.Archives.Where(a => a.Generation == state.Generation).ToList();
        foreach (var archive in current)
        {
            if (source.Position != archive.Offset)
            {
                return new(false, Invariant($"{Display(archive)} starts at byte {archive.Offset} of {display}, but the archives before it end at byte {source.Position}"));
            }

            if (await CompareAsync(archive, source, display, cancellationToken) is { } problem)
            {
                return new(false, problem);
            }
        }

        if (source.Position != state.Offset)
        {
            return new(false, Invariant($"the archives end at byte {source.Position} of {display}, but the state says {state.Offset} were archived"));
        }

        var older = state.Archives.Count - current.Count;
        var olderNote = older > 0 ? Invariant($", {older} archive(s) of earlier generations intact but not compared") : "";
        return new(true, Invariant(
            $"{current.Count} archive(s) equal the first {state.Offset} byte(s) of {display} ({current.Sum(a => a.Lines)} line(s)); {sourceLength - state.Offset} byte(s) pending; generation {state.Generation}{olderNote}"));
    }

    private async Task<string?> CompareAsync(DigestArchiveEntry archive, FileStream source, string display, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder.Directory, archive.File);
        if (!File.Exists(path))
        {
            return $"{Display(archive)} is missing";
        }

        var expected = new byte[BufferSize];
        var actual = new byte[BufferSize];
        var start = source.Position;
        try
        {
            await using var gzip = OpenArchive(path);
            int read;
            while ((read = await gzip.ReadAtLeastAsync(actual, actual.Length, throwOnEndOfStream: false, cancellationToken)) > 0)
            {
                var position = source.Position;
                var got = await source.ReadAtLeastAsync(expected.AsMemory(0, read), read, throwOnEndOfStream: false, cancellationToken);
                var differs = actual.AsSpan(0, got).CommonPrefixLength(expected.AsSpan(0, got));
                if (differs < got || got < read)
                {
                    return Invariant($"{Display(archive)} differs from {display} at byte {position + Math.Min(differs, got)}");
                }
            }
        }
        catch (InvalidDataException e)
        {
            return $"{Display(archive)} is corrupt: {e.Message}";
        }

        return source.Position - start == archive.Bytes
            ? null
            : Invariant($"{Display(archive)} holds {source.Position - start} byte(s) but {archive.Bytes} were archived into it");
    }

    private async Task<string?> CheckDecompressesAsync(DigestArchiveEntry archive, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder.Directory, archive.File);
        if (!File.Exists(path))
        {
            return $"{Display(archive)} (generation {archive.Generation}) is missing";
        }

        try
        {
            await using var gzip = OpenArchive(path);
            var length = 0L;
            var buffer = new byte[BufferSize];
            int read;
            while ((read = await gzip.ReadAsync(buffer, cancellationToken)) > 0)
            {
                length += read;
            }

            return length == archive.Bytes ? null : Invariant($"{Display(archive)} holds {length} byte(s) but {archive.Bytes} were archived into it");
        }
        catch (InvalidDataException e)
        {
            return $"{Display(archive)} (generation {archive.Generation}) is corrupt: {e.Message}";
        }
    }

    /// <summary>An archive's content, every byte of it checked to belong to a complete gzip member (see <see cref="ExactGzipStream"/>).</summary>
    private ExactGzipStream OpenArchive(string path)
    {
        var display = folder.Workspace.Display(path);
        return new ExactGzipStream(RegularFile.OpenRead(path, display, bufferSize: BufferSize));
    }

    private string Display(DigestArchiveEntry archive) => folder.Workspace.Display(Path.Combine(folder.Directory, archive.File));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
