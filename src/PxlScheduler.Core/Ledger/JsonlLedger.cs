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

    public string FullPath { get; } = workspace.Resolve(paths.Value.Ledger);

    /// <summary>Appends <paramref name="record"/> and returns the line written (without its newline).</summary>
    public async Task<string> AppendAsync(RunRecord record, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(record, LedgerJson.Line.RunRecord);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Directory.Exists(FullPath))
            {
                // Opening it would only say "Access denied".
                throw new IOException($"the ledger {workspace.Display(FullPath)} ({PathsOptions.SectionName}:Ledger) is a directory, not a file");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(FullPath)!);
            var text = EndsTorn() ? "\n" + line + "\n" : line + "\n";
            await using var stream = new FileStream(FullPath, new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                Share = FileShare.ReadWrite,
                UnixCreateMode = FileModes.Shared,
            });
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text), CancellationToken.None);
            stream.Flush(flushToDisk: true);
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

    private bool EndsTorn()
    {
        if (!File.Exists(FullPath))
        {
            return false;
        }

        using var handle = File.OpenHandle(FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = RandomAccess.GetLength(handle);
        if (length == 0)
        {
            return false;
        }

        Span<byte> last = stackalloc byte[1];
        RandomAccess.Read(handle, last, length - 1);
        return last[0] != (byte)'\n';
    }
}
