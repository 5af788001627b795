namespace PxlScheduler.Core.Ledger.Reading;

/// <summary>What a field of a canonical line holds.</summary>
internal enum FieldKind : byte
{
    Null,
    Text,
    Integer,
}
