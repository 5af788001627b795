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
internal sealed class RunLog : IProcessLog, IAsyncDisposable
{
    /// <summary>The last name this process created: the next run in the same second starts its search after it.</summary>
    private static readonly Lock LastNameGate = new();
    private static (string Directory, string Stem, int Attempt) _lastName;

    private readonly FileStream _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _atLineStart = true;

    private RunLog(FileStream stream)
    {
        _stream = stream;
    }

    public string FullPath => _stream.Name;

    /// <summary>Creates a new log file in <paramref name="directory"/>; never opens an existing one.</summary>
    public static RunLog Create(string directory, DateTimeOffset startedUtc)
    {
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
                }));
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
            await _stream.WriteAsync(output, cancellationToken);
            _atLineStart = output.Span[^1] == (byte)'\n';
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A line from PxlScheduler itself (<c>[pxl] …</c>), always on a line of its own.</summary>
    public Task WriteNoteAsync(string note, CancellationToken cancellationToken) =>
        WriteTextAsync($"{NotePrefix}{note}\n", cancellationToken);

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
        await WriteTextAsync(footer, cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
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
        await _stream.DisposeAsync();
        _gate.Dispose();
    }

    private async Task WriteTextAsync(string text, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var prefix = _atLineStart ? string.Empty : "\n";
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(prefix + text), cancellationToken);
            _atLineStart = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Field(string key, string value) => $"{FieldPrefix}{key}{FieldSeparator}{value}\n";
}
