using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using PxlScheduler.Core.Ledger.Reading;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// How far the mirror has taken in a JSONL ledger (table <c>pxl_ledger_sync</c>): the position after the
/// last line read, the rows <c>runs</c> then held, and a fingerprint of the bytes before that position.
/// The ledger only grows, so from a valid checkpoint only the lines after it are new.
/// </summary>
internal sealed record SyncCheckpoint(long ByteOffset, long LineNumber, long RowCount, string Fingerprint)
{
    private const int FingerprintBytes = 4096;

    public ScanPosition Position => new(ByteOffset, LineNumber);

    public static async Task<SyncCheckpoint?> ReadAsync(DbConnection connection, DbTransaction transaction, string ledger, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<SyncCheckpoint>(new CommandDefinition(
            "SELECT byte_offset AS ByteOffset, line_number AS LineNumber, row_count AS RowCount, fingerprint AS Fingerprint FROM pxl_ledger_sync WHERE ledger = @ledger",
            new { ledger },
            transaction,
            cancellationToken: cancellationToken));

    public static async Task WriteAsync(
        DbConnection connection, DbTransaction transaction, string ledger, string? host, string ledgerPath, ScanPosition end, CancellationToken cancellationToken)
    {
        var rows = await CountRowsAsync(connection, transaction, host, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO pxl_ledger_sync (ledger, byte_offset, line_number, row_count, fingerprint, synced_at)
            VALUES (@ledger, @offset, @lines, @rows, @fingerprint, @now)
            ON CONFLICT (ledger) DO UPDATE SET byte_offset = excluded.byte_offset, line_number = excluded.line_number,
                row_count = excluded.row_count, fingerprint = excluded.fingerprint, synced_at = excluded.synced_at
            """,
            new
            {
                ledger,
                offset = end.Offset,
                lines = end.LinesBefore,
                rows,
                fingerprint = FingerprintOf(ledgerPath, end.Offset),
                now = UtcInstantConverter.ToText(DateTimeOffset.UtcNow),
            },
            transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>The checkpoint's key: the node and the ledger's path, as every node of a cluster has its own JSONL at the same path.</summary>
    public static string KeyOf(string node, string ledgerDisplay) => node + ":" + ledgerDisplay;

    /// <summary>
    /// The rows the checkpoint compares: all of them when <paramref name="host"/> is null (SQLite, one node),
    /// else that node's rows only (<see cref="StorageTopology.OwnRowsHost"/>), so another node's inserts never
    /// hide a deletion.
    /// </summary>
    public static Task<long> CountRowsAsync(DbConnection connection, DbTransaction transaction, string? host, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            host is null ? "SELECT COUNT(*) FROM runs" : "SELECT COUNT(*) FROM runs WHERE host = @host", new { host }, transaction, cancellationToken: cancellationToken));

    /// <summary>True when the ledger still begins with the bytes this checkpoint saw and the mirror lost no rows since.</summary>
    public bool StillHolds(string ledgerPath, long rowsNow) =>
        rowsNow >= RowCount
        && File.Exists(ledgerPath)
        && new FileInfo(ledgerPath).Length >= ByteOffset
        && FingerprintOf(ledgerPath, ByteOffset) == Fingerprint;

    /// <summary>SHA-256 of the first and the last 4 KiB before <paramref name="upTo"/>: a replaced or rewritten ledger shows there.</summary>
    private static string FingerprintOf(string path, long upTo)
    {
        if (!File.Exists(path))
        {
            return "";
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = (int)Math.Min(FingerprintBytes, upTo);
        var bytes = new byte[2 * length];
        var read = RandomAccess.Read(handle, bytes.AsSpan(0, length), 0);
        read += RandomAccess.Read(handle, bytes.AsSpan(length), upTo - length);
        return Convert.ToHexString(SHA256.HashData(bytes.AsSpan(0, read)));
    }
}
