using System.Text;

namespace PxlScheduler.Dashboard;

/// <summary>
/// Reads a run's log for a page: its last bytes (from a line's start) with the length of the file they end at, or
/// what was added after an offset — so a page that follows a running log asks only for what it has not seen.
/// </summary>
internal static class LogText
{
    /// <summary>At most <paramref name="maxBytes"/> from the end, cut at a line's start; with the file's length and whether it was cut.</summary>
    public static async Task<(string Text, long Length, bool Cut)> TailAsync(string path, int maxBytes, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = file.Length;
        var start = Math.Max(0, length - maxBytes);
        var text = await ReadAsync(file, start, length, cancellationToken);
        if (start > 0 && text.IndexOf('\n', StringComparison.Ordinal) is >= 0 and var newline)
        {
            text = text[(newline + 1)..];
        }

        return (text, length, start > 0);
    }

    /// <summary>What follows <paramref name="offset"/> (at most <paramref name="maxBytes"/>, up to a whole line), and the offset after it.</summary>
    public static async Task<(string Text, long Next)> AfterAsync(string path, long offset, int maxBytes, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = file.Length;
        if (offset >= length)
        {
            return ("", Math.Min(offset, length));
        }

        var end = Math.Min(length, offset + maxBytes);
        file.Position = offset;
        var buffer = new byte[end - offset];
        await file.ReadExactlyAsync(buffer, cancellationToken);
        // Up to the last complete line, so a character split over two reads is never shown broken.
        var last = Array.LastIndexOf(buffer, (byte)'\n');
        var count = last >= 0 ? last + 1 : buffer.Length;
        return (Encoding.UTF8.GetString(buffer, 0, count), offset + count);
    }

    private static async Task<string> ReadAsync(FileStream file, long start, long end, CancellationToken cancellationToken)
    {
        file.Position = start;
        var buffer = new byte[end - start];
        await file.ReadExactlyAsync(buffer, cancellationToken);
        return Encoding.UTF8.GetString(buffer);
    }
}
