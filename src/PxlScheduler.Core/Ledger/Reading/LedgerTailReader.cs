using System.Text;

namespace PxlScheduler.Core.Ledger.Reading;

/// <summary>
/// Reads the end of the JSONL ledger without reading the rest: backwards in 64 KiB blocks until enough
/// newlines are found. Then, for <c>--follow</c>, the complete lines appended after a known offset.
/// </summary>
internal static class LedgerTailReader
{
    private const int BlockSize = 64 * 1024;

    /// <summary>The last <paramref name="count"/> non-blank complete lines, oldest first, and the offset just past the last newline.</summary>
    public static (IReadOnlyList<string> Lines, long End) ReadLast(string path, int count)
    {
        if (!File.Exists(path) || count <= 0)
        {
            return ([], File.Exists(path) ? CompleteLength(path) : 0);
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var end = CompleteLength(handle);
        var start = end;
        byte[] bytes = [];
        // Look for count + 1 newlines before the end: the extra one is where the oldest wanted line begins.
        while (start > 0 && bytes.AsSpan().Count((byte)'\n') <= count)
        {
            var size = (int)Math.Min(BlockSize, start);
            start -= size;
            var block = new byte[size + bytes.Length];
            RandomAccess.Read(handle, block.AsSpan(0, size), start);
            bytes.CopyTo(block, size);
            bytes = block;
        }

        var lines = Encoding.UTF8.GetString(bytes).Split('\n').Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        if (start > 0 && lines.Count > 0 && bytes[0] != (byte)'\n')
        {
            lines.RemoveAt(0); // begins mid-line
        }

        return (lines.Skip(Math.Max(0, lines.Count - count)).ToList(), end);
    }

    /// <summary>
    /// The complete non-blank lines between <paramref name="from"/> and the last newline, and the offset after them; from
    /// the start when the file is now shorter than <paramref name="from"/> (a new file in the ledger's place).
    /// </summary>
    public static (IReadOnlyList<string> Lines, long End) ReadFrom(string path, long from)
    {
        if (!File.Exists(path))
        {
            return ([], from);
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var end = CompleteLength(handle);
        if (end < from)
        {
            // The ledger only grows: shorter now means another file took its place (moved aside, restored); all of it is new.
            from = 0;
        }

        if (end <= from)
        {
            return ([], end);
        }

        var bytes = new byte[end - from];
        RandomAccess.Read(handle, bytes, from);
        return (Encoding.UTF8.GetString(bytes).Split('\n').Where(l => !string.IsNullOrWhiteSpace(l)).ToList(), end);
    }

    private static long CompleteLength(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return CompleteLength(handle);
    }

    /// <summary>The length up to and including the last newline: a line still being written (or torn) is not complete.</summary>
    private static long CompleteLength(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        var block = new byte[BlockSize];
        for (var end = RandomAccess.GetLength(handle); end > 0;)
        {
            var start = Math.Max(0, end - BlockSize);
            var read = RandomAccess.Read(handle, block.AsSpan(0, (int)(end - start)), start);
            var newline = block.AsSpan(0, read).LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                return start + newline + 1;
            }

            end = start;
        }

        return 0;
    }
}
