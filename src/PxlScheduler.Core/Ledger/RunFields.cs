using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Ledger;

/// <summary>
/// The fields of a run in their one order, derived from the one declaration of them, <see cref="RunRecord"/>, through
/// the ledger's source-generated JSON contract (the same one the JSONL writer uses): so the writer, both readers, the
/// mirror's inserts, verify and the rebuild cannot disagree on a name, an order or a type.
/// </summary>
/// <remarks>
/// Built once, from generated metadata (no reflection). The readers' hot path uses only the names, kinds and
/// ordinals; <see cref="RunField.Stored"/> boxes, and is for a record being written or a line off the fast path.
/// </remarks>
internal static class RunFields
{
    /// <summary>Every field, in the order pxl writes them (and the columns of <c>runs</c> before <c>raw</c>).</summary>
    public static IReadOnlyList<RunField> All { get; } = Describe(LedgerJson.Line.RunRecord);

    /// <summary>The key: the first field, a run's id.</summary>
    public static RunField RunId { get; } = Of(nameof(RunRecord.RunId));

    public static RunField Schedule { get; } = Of(nameof(RunRecord.Schedule));

    public static RunField Goal { get; } = Of(nameof(RunRecord.Goal));

    public static RunField StartedAt { get; } = Of(nameof(RunRecord.StartedAt));

    public static RunField DurationMs { get; } = Of(nameof(RunRecord.DurationMs));

    public static RunField Status { get; } = Of(nameof(RunRecord.Status));

    public static RunField ExitCode { get; } = Of(nameof(RunRecord.ExitCode));

    /// <summary>The field named <paramref name="name"/> in a ledger line, or null for a name pxl does not write.</summary>
    public static RunField? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    private static RunField Of(string member)
    {
        var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(member);
        return All.Single(f => f.Name == name);
    }

    private static List<RunField> Describe(JsonTypeInfo<RunRecord> contract)
    {
        var fields = new List<RunField>();
        foreach (var property in contract.Properties.OrderBy(p => p.Order))
        {
            var type = System.Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var kind = type == typeof(string) ? RunFieldKind.Text
                : type == typeof(DateTimeOffset) ? RunFieldKind.Instant
                : type == typeof(long) || type == typeof(int) ? RunFieldKind.Integer
                : throw new InvalidOperationException($"RunRecord.{property.Name}: a {type.Name} has no ledger representation; give it a kind in {nameof(RunFields)}");
            var get = property.Get ?? throw new InvalidOperationException($"RunRecord.{property.Name} cannot be read");
            fields.Add(new RunField
            {
                Ordinal = fields.Count,
                Name = property.Name,
                Utf8Name = Encoding.UTF8.GetBytes(property.Name),
                Kind = kind,
                Nullable = type != property.PropertyType || (type == typeof(string) && property.IsGetNullable),
                Required = property.IsRequired,
                Int32 = type == typeof(int),
                Stored = kind switch
                {
                    RunFieldKind.Instant => record => get(record) is DateTimeOffset instant ? UtcInstantConverter.ToText(instant) : null,
                    RunFieldKind.Integer => record => get(record) switch { int i => (long)i, long l => l, _ => null },
                    _ => record => get(record),
                },
            });
        }

        return fields;
    }
}
