namespace PxlScheduler.Commands;

/// <summary>One result set of a `pxl ledger query`: column names and rows of SQLite values (long, double, string, byte[] or null).</summary>
internal sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);
