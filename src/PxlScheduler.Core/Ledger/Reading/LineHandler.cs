namespace PxlScheduler.Core.Ledger.Reading;

/// <summary>
/// Receives one line of the ledger: its number (from 1), its UTF-8 bytes without the newline, whether a
/// newline ended it (the last line of a file may be torn), and the offset just past it.
/// </summary>
internal delegate void LineHandler(long lineNumber, ReadOnlySpan<byte> line, bool terminated, long offsetAfter);
