namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// The columns of <c>runs</c> in their one order, from <see cref="RunFields"/>: a column per field of a run, then
/// <c>raw</c>. The inserts, verify's comparison and <see cref="RunRow.CopyTo"/> follow it.
/// </summary>
internal static class RunColumns
{
    public const string Raw = "raw";

    public static readonly IReadOnlyList<string> All = [.. RunFields.All.Select(f => f.Name), Raw];

    /// <summary>The columns a row's content is judged by (every field but the key; not <c>raw</c>).</summary>
    public static IEnumerable<string> Compared => RunFields.All.Where(f => f != RunFields.RunId).Select(f => f.Name);

    /// <summary>Each column's parameter type, in the order of <see cref="All"/>.</summary>
    public static readonly IReadOnlyList<System.Data.DbType> DbTypes = [.. RunFields.All.Select(f => f.DbType), System.Data.DbType.String];

    /// <summary>
    /// An insert of every column into <paramref name="table"/> (a name chosen by pxl's own code) that does
    /// nothing when the <c>run_id</c> is there already; the same text on SQLite and PostgreSQL.
    /// </summary>
    public static string InsertOrIgnore(string table) =>
        $"INSERT INTO {table} ({string.Join(", ", All)}) VALUES ({string.Join(", ", All.Select((_, i) => "@p" + i))}) ON CONFLICT (run_id) DO NOTHING";
}
