namespace PxlScheduler.Core.Runs;

/// <summary>
/// The last <see cref="Capacity"/> bytes of a stream, in a ring: what a capped run log keeps of the output that
/// came after its first part, until the run ends and the log is closed.
/// </summary>
internal sealed class LogTail(int capacity)
{
    private readonly byte[] _buffer = new byte[capacity];
    private int _start;

    public int Capacity => _buffer.Length;

    public int Count { get; private set; }

    /// <summary>Bytes appended and then pushed out by later ones.</summary>
    public long Dropped { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.Length >= _buffer.Length)
        {
            Dropped += Count + (data.Length - _buffer.Length);
            data[^_buffer.Length..].CopyTo(_buffer);
            (_start, Count) = (0, _buffer.Length);
            return;
        }

        var end = (_start + Count) % _buffer.Length;
        var first = Math.Min(data.Length, _buffer.Length - end);
        data[..first].CopyTo(_buffer.AsSpan(end));
        data[first..].CopyTo(_buffer);
        var count = Count + data.Length;
        if (count > _buffer.Length)
        {
            var overflow = count - _buffer.Length;
            Dropped += overflow;
            _start = (_start + overflow) % _buffer.Length;
            count = _buffer.Length;
        }

        Count = count;
    }

    /// <summary>The bytes held, oldest first, in at most two pieces.</summary>
    public (ReadOnlyMemory<byte> First, ReadOnlyMemory<byte> Second) Pieces()
    {
        var first = Math.Min(Count, _buffer.Length - _start);
        return (_buffer.AsMemory(_start, first), _buffer.AsMemory(0, Count - first));
    }
}
