namespace PxlScheduler.Core.Ledger.Reading;

/// <summary>
/// The fields of a canonical ledger line (<see cref="RunFields.All"/>) as found by <see cref="CanonicalLineParser"/>: for each, NULL,
/// an integer, or a slice of the line's bytes (text that needs no decoding). Reused line after line.
/// </summary>
internal sealed class CanonicalFields
{
    public static readonly int Count = RunFields.All.Count;

    public FieldKind[] Kinds { get; } = new FieldKind[Count];

    public int[] Starts { get; } = new int[Count];

    public int[] Lengths { get; } = new int[Count];

    public long[] Integers { get; } = new long[Count];

    /// <summary>The run_id, decoded (it is ASCII in a canonical line).</summary>
    public string RunId(ReadOnlySpan<byte> line) => System.Text.Encoding.ASCII.GetString(line.Slice(Starts[RunFields.RunId.Ordinal], Lengths[RunFields.RunId.Ordinal]));
}
