namespace PxlScheduler.Core.Ledger.Reading;

/// <summary>
/// Reads the JSONL ledger forward as UTF-8 byte lines, from any line start, in 1 MiB chunks: no text is
/// decoded that the parser does not need, which is what lets a rebuild go at hundreds of thousands of
/// lines a second. The file is opened shared, so the writer keeps appending meanwhile.
/// </summary>
internal static class LedgerLineReader
{
    private const int ChunkSize = 1 << 20;

    /// <summary>Calls <paramref name="handler"/> for every line from <paramref name="from"/> to the end; returns the position after the last newline.</summary>
    public static ScanPosition Read(string path, ScanPosition from, LineHandler handler, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return from;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        stream.Position = from.Offset;
        var buffer = new byte[ChunkSize];
        var filled = 0;
        var offset = from.Offset;
        var number = from.LinesBefore;
        var afterLastNewline = from;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (filled == buffer.Length)
            {
                // One line longer than the buffer: grow it rather than cut the line.
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = stream.Read(buffer, filled, buffer.Length - filled);
            var end = filled + read;
            var start = 0;
            int newline;
            while ((newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) >= 0)
            {
                var line = buffer.AsSpan(start, newline);
                offset += newline + 1;
                number++;
                handler(number, line, terminated: true, offset);
                start += newline + 1;
            }

            afterLastNewline = new ScanPosition(offset, number);
            if (read == 0)
            {
                if (end > start)
                {
                    handler(number + 1, buffer.AsSpan(start, end - start), terminated: false, offset + end - start);
                }

                return afterLastNewline;
            }

            buffer.AsSpan(start, end - start).CopyTo(buffer);
            filled = end - start;
        }
    }
}
