using System.Globalization;
using System.Text.Json;
using System.Text;
using PxlScheduler.Core.Files;
using PxlScheduler.Core.Processes;

namespace PxlScheduler.Core.Runs;

/// <summary>
/// The per-run log (SPEC 6 step 4): <c>YYYYMMDDTHHMMSS.log</c> named by the UTC start, a suffix for a
/// second run in the same second, a <c># key: value</c> header, the command's raw output, and a footer.
/// Writes are serialised, so stdout and stderr can stream into it at once.
/// </summary>
/// <remarks>
/// With a cap (SPEC 15, <c>Retention:MaxLogMegabytes</c>) the output and notes past the first half of it are held in
/// a ring of the other half, and only what the ring holds at the end is written, after a note of how many bytes were
/// cut: so a run that prints 200 MB leaves a log of about the cap, its header, first part, last part and footer.
/// The held part is on disk only once the run ends; a kill -9 meanwhile leaves the first part and a note saying so.
/// </remarks>
internal sealed class RunLog : IProcessLog, IAsyncDisposable
{
    /// <summary>The last name this process created: the next run in the same second starts its search after it.</summary>
    private static readonly Lock LastNameGate = new();
    private static (string Directory, string Stem, int Attempt) _lastName;

    /// <summary>How far into the last part a cut may look for a line's end to start the kept lines on.</summary>
    private const int LineSearch = 64 * 1024;

    private readonly FileStream _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly long _maxBytes;
    private bool _atLineStart = true;
    private bool _fileAtLineStart = true;
    private long _body;
    private LogTail? _tail;

    private RunLog(FileStream stream, long maxBytes)
    {
        _stream = stream;
        _maxBytes = maxBytes;
    }

    /// <summary>How much of the output (and pxl's notes) goes to the file as it comes; the rest of the cap keeps the last part.</summary>
    private long HeadBytes => _maxBytes / 2;

    public string FullPath => _stream.Name;

    /// <summary>Creates a new log file in <paramref name="directory"/>; never opens an existing one.</summary>
    /// <param name="directory">The run-log folder.</param>
    /// <param name="startedUtc">The run's start: the file's name.</param>
    /// <param name="maxBytes">The cap on the output and notes kept (header and footer come on top); 0 for none.</param>
    public static RunLog Create(string directory, DateTimeOffset startedUtc, long maxBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        Directory.CreateDirectory(directory);
        var stem = startedUtc.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        // Back-to-back cycles start many runs in one second; trying every taken suffix from 1 again cost one
        // exception each (the 50th run of a second paid 49, about 0.8 ms). CreateNew still refuses a taken name.
        for (var attempt = FirstAttempt(directory, stem); ; attempt++)
        {
            var name = attempt == 1 ? $"{stem}.log" : $"{stem}-{attempt}.log";
            try
            {
                var log = new RunLog(new FileStream(Path.Combine(directory, name), new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    Share = FileShare.Read,
                    Options = FileOptions.Asynchronous,
                    UnixCreateMode = FileModes.Shared,
                    // Unbuffered: each chunk the command prints reaches the file at once, so the dashboard can follow a
                    // running log; the chunks are the pipe's reads, not single bytes.
                    BufferSize = 0,
                }), maxBytes);
                lock (LastNameGate)
                {
                    _lastName = (directory, stem, attempt);
                }

                return log;
            }
            catch (IOException) when (File.Exists(Path.Combine(directory, name)))
            {
                // Taken by an earlier run in the same second: try the next suffix.
            }
        }
    }

    private static int FirstAttempt(string directory, string stem)
    {
        lock (LastNameGate)
        {
            return _lastName.Directory == directory && _lastName.Stem == stem ? _lastName.Attempt + 1 : 1;
        }
    }

    /// <summary>What starts a header or footer line, <c># key: value</c>.</summary>
    private const string FieldPrefix = "# ";

    private const string FieldSeparator = ": ";

    /// <summary>What starts a line of pxl's own between the command's output.</summary>
    private const string NotePrefix = "[pxl] ";

    public Task WriteHeaderAsync(CycleRequest request, string commandLine, CancellationToken cancellationToken) =>
        WriteTextAsync(
            Field("run_id", request.RunId)
            + Field("schedule", request.Schedule)
            + Field("trigger", request.Trigger.ToString().ToLowerInvariant())
            + Field("mode", request.Mode)
            + Field("goal", JsonSerializer.Serialize(request.Goal, LogJson.Relaxed.String))
            + Field("command", commandLine.ReplaceLineEndings("\\n")),
            counted: false,
            cancellationToken);

    /// <summary>Appends raw bytes from the command, unchanged.</summary>
    public async Task WriteOutputAsync(ReadOnlyMemory<byte> output, CancellationToken cancellationToken)
    {
        if (output.IsEmpty)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await WriteBodyAsync(output, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A line from PxlScheduler itself (<c>[pxl] …</c>), always on a line of its own.</summary>
    public Task WriteNoteAsync(string note, CancellationToken cancellationToken) =>
        WriteTextAsync($"{NotePrefix}{note}\n", counted: true, cancellationToken);

    /// <summary>
    /// The footer of the run log at <paramref name="path"/>, when the cycle got as far as writing it (the command
    /// ended and its end is on disk), else null. The footer is the block of <c># key: value</c> lines that ends the
    /// file right after one of pxl's own <c>[pxl]</c> notes, so that a command printing such lines cannot pass for it.
    /// </summary>
    public static RunLogFooter? ReadFooter(string path)
    {
        string tail;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Max(0, stream.Length - 4096), SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            tail = reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var lines = tail.Split('\n');
        var end = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var start = end;
        while (start > 0 && lines[start - 1].StartsWith(FieldPrefix, StringComparison.Ordinal))
        {
            start--;
        }

        if (start == 0 || start == end || !lines[start - 1].StartsWith(NotePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines[start..end])
        {
            if (line.IndexOf(FieldSeparator, StringComparison.Ordinal) is var colon and > 2)
            {
                fields[line[FieldPrefix.Length..colon]] = line[(colon + FieldSeparator.Length)..];
            }
        }

        return fields.TryGetValue("status", out var wire) && CycleStatusExtensions.FromWire(wire) is { } status
            && fields.TryGetValue("duration_ms", out var ms) && long.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var duration)
            ? new RunLogFooter(
                status,
                fields.TryGetValue("exit_code", out var code) && int.TryParse(code, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exit) ? exit : null,
                TimeSpan.FromMilliseconds(duration),
                fields.GetValueOrDefault("error"))
            : null;
    }

    public async Task WriteFooterAsync(CycleStatus status, int? exitCode, TimeSpan duration, string? error, CancellationToken cancellationToken)
    {
        var footer = Field("status", status.ToWire())
            + Field("exit_code", exitCode?.ToString(CultureInfo.InvariantCulture) ?? "none")
            + Field("duration_ms", ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture))
            + (error is null ? "" : Field("error", error.ReplaceLineEndings(" ")));
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await WriteKeptTailAsync(cancellationToken);
            await WriteFileAsync(Encoding.UTF8.GetBytes((_fileAtLineStart ? string.Empty : "\n") + footer), cancellationToken);
            // Flushes the buffer and fsyncs on this thread: FlushAsync first only added a hop to the thread pool.
            _stream.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A log closed without its footer (the cycle threw) still gets the last part it held.
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await WriteKeptTailAsync(CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }

        await _stream.DisposeAsync();
        _gate.Dispose();
    }

    private async Task WriteTextAsync(string text, bool counted, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var bytes = Encoding.UTF8.GetBytes((_atLineStart ? string.Empty : "\n") + text);
            if (counted)
            {
                await WriteBodyAsync(bytes, cancellationToken);
            }
            else
            {
                await WriteFileAsync(bytes, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Output or a note: to the file while the first part of the cap has room, then into the ring of the last part.</summary>
    private async Task WriteBodyAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        _atLineStart = bytes.Span[^1] == (byte)'\n';
        if (_tail is not null)
        {
            await AppendToTailAsync(bytes, cancellationToken);
            return;
        }

        var room = _maxBytes == 0 ? long.MaxValue : HeadBytes - _body;
        if (bytes.Length <= room)
        {
            _body += bytes.Length;
            await WriteFileAsync(bytes, cancellationToken);
            return;
        }

        var fits = (int)room;
        _body += fits;
        await WriteFileAsync(bytes[..fits], cancellationToken);
        _tail = new LogTail((int)(_maxBytes - HeadBytes));
        await AppendToTailAsync(bytes[fits..], cancellationToken);
    }

    /// <summary>Into the ring of the last part; the first time the ring lets bytes go, the file says why it stops here.</summary>
    private async Task AppendToTailAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var tail = _tail!;
        var cutBefore = tail.Dropped;
        tail.Append(bytes.Span);
        if (cutBefore == 0 && tail.Dropped > 0)
        {
            // For a reader while the run goes on, and for the one after a kill -9 that lost what the ring held.
            await WriteFileAsync(Encoding.UTF8.GetBytes(
                (_fileAtLineStart ? string.Empty : "\n") + NotePrefix + string.Create(
                    CultureInfo.InvariantCulture,
                    $"the output passed the run log's cap of {_maxBytes} bytes (Retention:MaxLogMegabytes): its last {tail.Capacity} bytes are kept, and written when the run ends\n")),
                cancellationToken);
        }
    }

    /// <summary>Once the run is over: the note of the cut, then the last part the ring held, from the start of a line.</summary>
    private async Task WriteKeptTailAsync(CancellationToken cancellationToken)
    {
        if (_tail is not { } tail)
        {
            return;
        }

        _tail = null;
        var (first, second) = tail.Pieces();
        var held = new byte[tail.Count];
        first.CopyTo(held);
        second.CopyTo(held.AsMemory(first.Length));
        var skip = 0;
        if (tail.Dropped > 0 && Array.IndexOf(held, (byte)'\n', 0, Math.Min(held.Length, LineSearch)) is var newline and >= 0)
        {
            skip = newline + 1;
        }

        var cut = tail.Dropped + skip;
        if (cut > 0)
        {
            await WriteFileAsync(Encoding.UTF8.GetBytes(
                (_fileAtLineStart ? string.Empty : "\n") + NotePrefix + string.Create(
                    CultureInfo.InvariantCulture,
                    $"… {cut} bytes cut (the run log is capped at {_maxBytes} bytes by Retention:MaxLogMegabytes; its first and last parts are kept) …\n")),
                cancellationToken);
        }

        await WriteFileAsync(held.AsMemory(skip), cancellationToken);
    }

    private async Task WriteFileAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        await _stream.WriteAsync(bytes, cancellationToken);
        _fileAtLineStart = bytes.Span[^1] == (byte)'\n';
    }

    private static string Field(string key, string value) => $"{FieldPrefix}{key}{FieldSeparator}{value}\n";
}
