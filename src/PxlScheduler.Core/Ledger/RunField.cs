using System.Data;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Ledger;

/// <summary>
/// One field of a run (SPEC 9) as every part of the ledger sees it: its place, its snake_case name (the JSONL key
/// and the <c>runs</c> column), how it is held, whether a run always has it, and how to take its stored value from
/// a <see cref="RunRecord"/>. Made only by <see cref="RunFields"/>, from <see cref="RunRecord"/> itself.
/// </summary>
internal sealed class RunField
{
    /// <summary>Its place in a line pxl writes, in <see cref="RunFields.All"/> and among the columns of <c>runs</c>.</summary>
    public required int Ordinal { get; init; }

    public required string Name { get; init; }

    /// <summary><see cref="Name"/> as UTF-8, for readers that compare bytes.</summary>
    public required byte[] Utf8Name { get; init; }

    public required RunFieldKind Kind { get; init; }

    /// <summary>True when a run may hold null here (written as JSON <c>null</c>).</summary>
    public required bool Nullable { get; init; }

    /// <summary>True when every run has it (a required member of <see cref="RunRecord"/>): a line without it lacks something.</summary>
    public required bool Required { get; init; }

    /// <summary>True when the value is a 32-bit integer in <see cref="RunRecord"/>, so a larger one is not what pxl writes.</summary>
    public required bool Int32 { get; init; }

    /// <summary>The value as the mirror stores it: text (an instant as its ISO-8601 text), a <see cref="long"/>, or null.</summary>
    public required Func<RunRecord, object?> Stored { get; init; }

    public DbType DbType => Kind == RunFieldKind.Integer ? DbType.Int64 : DbType.String;

    public override string ToString() => Name;
}
