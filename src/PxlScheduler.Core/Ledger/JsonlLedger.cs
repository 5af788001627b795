using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Files;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Ledger;

/// <summary>
/// The source of truth (SPEC 9): <c>state/run_cycle_history.jsonl</c>, one JSON object per line, only
/// ever appended (O_APPEND) and flushed to disk before the append returns. A torn last line left by a
/// crash is never extended: the next record starts on a fresh line.
/// </summary>
internal sealed class JsonlLedger(Workspace workspace, IOptions<PathsOptions> paths) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The file's length after this process's last append (a whole line), or -1 before the first.</summary>
    private long _endOfOwnAppend = -1;

    public string FullPath { get; } = workspace.Resolve(paths.Value.Ledger);

    /// <summary>Appends <paramref name="record"/> and returns the line written (without its newline).</summary>
    public async Task<string> AppendAsync(RunRecord record, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(record, LedgerJson.Line.RunRecord);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FullPath)!);
            await using var stream = OpenForAppend();
            // The length this process left the file at, ending on its own newline: unchanged means no torn line to
            // check for, which saves opening the file a second time (to read its last byte) on every append.
            var length = stream.Length;
            var text = length != _endOfOwnAppend && EndsTorn(length) ? "\n" + line + "\n" : line + "\n";
            var bytes = Encoding.UTF8.GetBytes(text);
            await stream.WriteAsync(bytes, CancellationToken.None);
            stream.Flush(flushToDisk: true);
            // Where this line ends if nobody else appended meanwhile; if someone did, the next length differs and is checked.
            _endOfOwnAppend = length + bytes.Length;
            return line;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Every non-blank line with its record, or the reason it could not be read as one.</summary>
    public async IAsyncEnumerable<LedgerLine> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!File.Exists(FullPath))
        {
            yield break;
        }

        using var reader = new StreamReader(
            new FileStream(FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024, FileOptions.SequentialScan),
            Encoding.UTF8);
        long number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } raw)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(raw))
            {
                yield return Parse(number, raw);
            }
        }
    }

    private static LedgerLine Parse(long number, string raw)
    {
        try
        {
            return JsonSerializer.Deserialize(raw, LedgerJson.Line.RunRecord) is { } record
                ? new LedgerLine(number, raw, record, null)
                : new LedgerLine(number, raw, null, "not a JSON object");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            // Not a record pxl writes, or one whose text is no Unicode (a lone surrogate escape): a problem, never a failure.
            return new LedgerLine(number, raw, null, e.Message);
        }
    }

    private FileStream OpenForAppend()
    {
        try
        {
            return new FileStream(FullPath, new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                Share = FileShare.ReadWrite,
                UnixCreateMode = FileModes.Shared,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && Directory.Exists(FullPath))
        {
            // Opening it only says "Access denied".
            throw new IOException($"the ledger {workspace.Display(FullPath)} ({PathsOptions.SectionName}:Ledger) is a directory, not a file", e);
        }
    }

    private bool EndsTorn(long length)
    {
        if (length == 0)
        {
            return false;
        }

        using var handle = File.OpenHandle(FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Span<byte> last = stackalloc byte[1];
        return RandomAccess.Read(handle, last, length - 1) == 1 && last[0] != (byte)'\n';
    }
}
