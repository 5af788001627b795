using System.Runtime.InteropServices;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// The calls of SQLite's C API that <see cref="MirrorInserter"/> makes for every row, made straight into the
/// native library SQLitePCLRaw loads (<c>e_sqlite3</c>), on the statement's raw handle.
/// </summary>
/// <remarks>
/// A bind is a few nanoseconds of work in SQLite. Through SQLitePCLRaw each one also pays a GC transition, a
/// reference count on the statement's <c>SafeHandle</c> and, for text, a copy; at 19 values a row, going
/// straight saved 0.4 s of a million-line rebuild (docs/performance.md, "Ledger benchmark"). The binds, clearing them and
/// <c>sqlite3_changes</c> neither block nor call back into .NET, which is what
/// <see cref="SuppressGCTransitionAttribute"/> requires; <c>sqlite3_step</c> and <c>sqlite3_reset</c> keep
/// their transition (a step does the real work, and either may call a trace hook). The caller keeps the
/// statement's <c>SafeHandle</c> alive while it uses the handle.
/// </remarks>
internal static unsafe partial class SqliteBinding
{
    private const string Library = "e_sqlite3";

    /// <summary>
    /// Binds text that SQLite reads in place (SQLITE_STATIC) instead of copying it: the bytes must stay where
    /// they are, pinned, until the statement has run and its bindings are cleared.
    /// </summary>
    public static int BindStaticText(IntPtr statement, int index, byte* text, int length) => BindText(statement, index, text, length, IntPtr.Zero);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
    [SuppressGCTransition]
    public static partial int BindInt64(IntPtr statement, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    [SuppressGCTransition]
    public static partial int BindNull(IntPtr statement, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
    public static partial int Reset(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_clear_bindings")]
    [SuppressGCTransition]
    public static partial int ClearBindings(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_changes")]
    [SuppressGCTransition]
    public static partial int Changes(IntPtr database);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    [SuppressGCTransition]
    private static partial int BindText(IntPtr statement, int index, byte* text, int length, IntPtr destructor);
}
