using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using PxlScheduler.Core.Files;
using PxlScheduler.Core.Processes;

namespace PxlScheduler.Core.Digests;

/// <summary>
/// Archives the planner's digest file (SPEC 6 step 7): the complete lines appended since the last
/// archive go to a new gzip file named by the run's UTC start. The source is only ever read.
/// </summary>
/// <remarks>
/// Each pass reads the source once from its start: the bytes already archived are hashed and compared
/// with the state's SHA-256, which recognises a source that was truncated, rewritten or replaced
/// (without relying on inode numbers, which .NET does not expose and a restore from backup changes
/// anyway). Such a source starts a new generation archived from its start; earlier archives stay.
/// A last line without its newline is the planner still writing: it waits for the next pass.
/// Order of writes: archive to a temp file, flushed to disk, renamed (never over an existing file),
/// then the state file replaced atomically. A crash between the two leaves an archive the state does
/// not list; its lines are archived again next time, and <c>verify</c> follows the state's list.
/// </remarks>
internal sealed class DigestArchiver(DigestArchiveFolder folder, ILogger<DigestArchiver> logger)
{
    private const int BufferSize = 64 * 1024;

    public async Task<DigestArchiveResult> ArchiveAsync(DateTimeOffset runStartedUtc, CancellationToken cancellationToken)
    {
        await using var folderLock = await folder.LockAsync(cancellationToken);
        var state = await folder.LoadStateAsync(cancellationToken) ?? new DigestArchiveState();
        if (!File.Exists(folder.Source))
        {
            return DigestArchiveResult.Nothing(null);
        }

        // Never blocks: a FIFO or a device at the digests path is refused, naming it; a symbolic link is followed.
        await using var source = RegularFile.OpenRead(folder.Source, folder.Workspace.Display(folder.Source), bufferSize: BufferSize);
        var length = source.Length;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var reset = await FindResetAsync(source, length, state, hash, cancellationToken);
        if (reset is not null)
        {
            state = state with { Generation = state.Generation + 1, Offset = 0, PrefixSha256 = DigestArchiveState.EmptySha256 };
            DigestsLog.SourceReset(logger, folder.Workspace.Display(folder.Source), reset, state.Generation);
            hash.GetHashAndReset();
            source.Position = 0;
        }

        var end = await LastLineEndAsync(source, state.Offset, length, cancellationToken);
        if (end == state.Offset)
        {
            if (reset is not null)
            {
                await folder.SaveStateAsync(state, cancellationToken);
            }

            return DigestArchiveResult.Nothing(reset);
        }

        source.Position = state.Offset;
        var temp = Path.Combine(folder.Directory, $".archive.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        int lines;
        try
        {
            lines = await CompressAsync(source, end - state.Offset, temp, hash, cancellationToken);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        var archive = MoveToUniqueName(temp, runStartedUtc);
        CrashPoint.Hit(CrashPoint.AfterArchiveFile);
        var entry = new DigestArchiveEntry
        {
            File = Path.GetFileName(archive),
            Generation = state.Generation,
            Offset = state.Offset,
            Bytes = end - state.Offset,
            Lines = lines,
            CreatedAt = runStartedUtc,
        };
        await folder.SaveStateAsync(
            state with { Offset = end, PrefixSha256 = Convert.ToHexStringLower(hash.GetHashAndReset()), Archives = [.. state.Archives, entry] },
            cancellationToken);

        var display = folder.Workspace.Display(archive);
        DigestsLog.Archived(logger, lines, entry.Bytes, display);
        return new DigestArchiveResult(display, lines, entry.Bytes, reset);
    }

    /// <summary>Why the source is no longer the one archived so far, or null when its first <c>Offset</c> bytes are unchanged (they are hashed on the way).</summary>
    private static async Task<string?> FindResetAsync(FileStream source, long length, DigestArchiveState state, IncrementalHash hash, CancellationToken cancellationToken)
    {
        if (length < state.Offset)
        {
            return string.Create(CultureInfo.InvariantCulture, $"shrank from {state.Offset} archived bytes to {length}");
        }

        var buffer = new byte[BufferSize];
        for (var remaining = state.Offset; remaining > 0;)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
            if (read == 0)
            {
                return "shrank while being read";
            }

            hash.AppendData(buffer, 0, read);
            remaining -= read;
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash()) == state.PrefixSha256
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"was replaced or rewritten (its first {state.Offset} bytes are not the ones archived)");
    }

    /// <summary>The position just after the last newline in [<paramref name="from"/>, <paramref name="length"/>), or <paramref name="from"/> when there is none.</summary>
    private static async Task<long> LastLineEndAsync(FileStream source, long from, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        for (var blockEnd = length; blockEnd > from;)
        {
            var blockStart = Math.Max(from, blockEnd - buffer.Length);
            source.Position = blockStart;
            await source.ReadExactlyAsync(buffer.AsMemory(0, (int)(blockEnd - blockStart)), cancellationToken);
            var newline = buffer.AsSpan(0, (int)(blockEnd - blockStart)).LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                return blockStart + newline + 1;
            }

            blockEnd = blockStart;
        }

        return from;
    }

    private static async Task<int> CompressAsync(FileStream source, long count, string temp, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var lines = 0;
        var buffer = new byte[BufferSize];
        await using var file = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = FileModes.Shared,
        });
        await using (var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var remaining = count; remaining > 0;)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
                if (read == 0)
                {
                    throw new IOException("the digest file shrank while being archived");
                }

                hash.AppendData(buffer, 0, read);
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                await gzip.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                remaining -= read;
            }
        }

        file.Flush(flushToDisk: true);
        return lines;
    }

    /// <summary>Renames the finished archive to <c>stem-YYYYMMDDTHHMMSS.jsonl.gz</c>, adding <c>-2</c>, <c>-3</c>… rather than replacing a file.</summary>
    private string MoveToUniqueName(string temp, DateTimeOffset runStartedUtc)
    {
        var name = Path.GetFileName(folder.Source);
        var extension = Path.GetExtension(name);
        var stem = $"{Path.GetFileNameWithoutExtension(name)}-{runStartedUtc.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}";
        for (var attempt = 1; ; attempt++)
        {
            var path = Path.Combine(folder.Directory, attempt == 1 ? $"{stem}{extension}.gz" : $"{stem}-{attempt}{extension}.gz");
            try
            {
                File.Move(temp, path, overwrite: false);
                return path;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Taken by an earlier archive in the same second: try the next suffix.
            }
        }
    }
}
