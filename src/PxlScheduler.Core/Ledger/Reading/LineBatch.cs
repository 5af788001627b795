namespace PxlScheduler.Core.Ledger.Reading;

/// <summary>
/// Up to <see cref="Capacity"/> consecutive ledger lines, read and parsed: the bytes of each line copied
/// into one buffer, and for each either its canonical fields or what the tolerant parser made of it.
/// Handed from the parsing thread to the inserting one by <see cref="LedgerParsePipeline"/>, then reused.
/// </summary>
/// <remarks>
/// Its buffers grow as lines arrive, so reading the few lines a start-up reconciliation finds costs
/// little, and a single line of any length fits.
/// </remarks>
internal sealed class LineBatch
{
    public const int Capacity = 4096;

    /// <summary>About this many bytes of lines make a batch full (a longer line still goes in whole).</summary>
    private const int TargetBytes = 2 << 20;

    private readonly long[] _numbers = new long[Capacity];
    private readonly long[] _offsetsAfter = new long[Capacity];
    private readonly int[] _starts = new int[Capacity];
    private readonly int[] _lengths = new int[Capacity];
    private readonly bool[] _terminated = new bool[Capacity];
    private readonly bool[] _canonical = new bool[Capacity];
    private readonly CanonicalFields?[] _fields = new CanonicalFields?[Capacity];
    private readonly ParsedLine[] _parsed = new ParsedLine[Capacity];
    private byte[] _bytes = new byte[64 * 1024];
    private int _used;

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity || _used >= TargetBytes;

    /// <summary>Copies <paramref name="line"/> in and parses it: the canonical fast path first, then <paramref name="parser"/>.</summary>
    public void Add(long number, ReadOnlySpan<byte> line, bool terminated, long offsetAfter, LedgerLineParser parser)
    {
        if (_used + line.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + line.Length));
        }

        var i = Count++;
        var fields = _fields[i] ??= new CanonicalFields();
        line.CopyTo(_bytes.AsSpan(_used));
        _numbers[i] = number;
        _offsetsAfter[i] = offsetAfter;
        _terminated[i] = terminated;
        _starts[i] = _used;
        _lengths[i] = line.Length;
        _used += line.Length;
        _canonical[i] = CanonicalLineParser.TryParse(line, fields);
        _parsed[i] = _canonical[i] ? default : parser.Parse(line);
    }

    public void Clear()
    {
        Array.Clear(_parsed, 0, Count);
        Count = 0;
        _used = 0;
    }

    public long Number(int i) => _numbers[i];

    public long OffsetAfter(int i) => _offsetsAfter[i];

    public bool Terminated(int i) => _terminated[i];

    public ReadOnlySpan<byte> Line(int i) => _bytes.AsSpan(_starts[i], _lengths[i]);

    /// <summary>The fields of line <paramref name="i"/> when it is canonical; null when it took the tolerant path.</summary>
    public CanonicalFields? Canonical(int i) => _canonical[i] ? _fields[i] : null;

    /// <summary>What the tolerant parser made of line <paramref name="i"/> (meaningful when it is not canonical).</summary>
    public ParsedLine Parsed(int i) => _parsed[i];
}
