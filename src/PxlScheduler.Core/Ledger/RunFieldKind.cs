namespace PxlScheduler.Core.Ledger;

/// <summary>How a run's field is held in a ledger line and in its <c>runs</c> column.</summary>
internal enum RunFieldKind : byte
{
    /// <summary>A JSON string, a TEXT column.</summary>
    Text,

    /// <summary>A JSON string holding an ISO-8601 UTC instant (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c> as pxl writes it), a TEXT column.</summary>
    Instant,

    /// <summary>A JSON integer, a 64-bit INTEGER column.</summary>
    Integer,
}
