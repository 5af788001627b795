namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>The columns of <c>runs</c> in their one order: the insert, the comparison of verify and <see cref="RunRow.CopyTo"/> follow it.</summary>
internal static class RunColumns
{
    public static readonly IReadOnlyList<string> All =
    [
        "run_id", "schedule", "trigger", "mode", "goal", "started_at", "finished_at", "duration_ms", "status",
        "exit_code", "consecutive_failures", "log_path", "archive_path", "digest_lines", "writes", "error", "host", "raw",
    ];

    /// <summary>The columns a row's content is judged by (all but the key and <c>raw</c>).</summary>
    public static IEnumerable<string> Compared => All.Skip(1).Take(All.Count - 2);

    /// <summary>
    /// An insert of every column into <paramref name="table"/> (a name chosen by pxl's own code) that does
    /// nothing when the <c>run_id</c> is there already; the same text on SQLite and PostgreSQL.
    /// </summary>
    public static string InsertOrIgnore(string table) =>
        $"INSERT INTO {table} ({string.Join(", ", All)}) VALUES ({string.Join(", ", All.Select((_, i) => "@p" + i))}) ON CONFLICT (run_id) DO NOTHING";
}
