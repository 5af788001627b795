using System.Text;
using PxlScheduler.Core.Runs;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Runs;

/// <summary>
/// One run's log capped in size (SPEC 15, <c>Retention:MaxLogMegabytes</c>): past the cap the middle is cut, the header,
/// the first and last parts and the footer kept, the cut noted, and the footer still read back.
/// </summary>
public sealed class RunLogCapTests : IDisposable
{
    private const long Cap = 1024 * 1024;

    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Capped_A200MbBurst_LeavesALogOfAboutTheCapWithHeadTailFooterAndTheCutNoted()
    {
        const int Lines = 2_000_000; // "line 0000123 xxxx…\n", 100 bytes each: 200 MB
        string path;
        await using (var log = RunLog.Create(_ws.PathOf("logs"), DateTimeOffset.UnixEpoch, Cap))
        {
            path = log.FullPath;
            await log.WriteHeaderAsync(new CycleRequest("r1", "s", TriggerKind.Adhoc, "m", "g", "c", [], TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), 3), "c", CancellationToken.None);
            var chunk = new StringBuilder();
            for (var i = 0; i < Lines; i++)
            {
                chunk.Append("line ").Append(i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)).Append(' ').Append('x', 86).Append('\n');
                if (chunk.Length >= 64 * 1024 || i == Lines - 1)
                {
                    await log.WriteOutputAsync(Encoding.UTF8.GetBytes(chunk.ToString()), CancellationToken.None);
                    chunk.Clear();
                }
            }

            await log.WriteNoteAsync("sandbox writes: 0 (cap 3)", CancellationToken.None);
            await log.WriteFooterAsync(CycleStatus.Success, 0, TimeSpan.FromSeconds(2), null, CancellationToken.None);
        }

        var size = new FileInfo(path).Length;
        Assert.InRange(size, Cap - 1024, Cap + 4096);
        var text = await File.ReadAllTextAsync(path);
        Assert.StartsWith("# run_id: r1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nline 0000000 ", text, StringComparison.Ordinal);
        Assert.Contains($"\nline {Lines - 1:D7} ", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"\nline {Lines / 2:D7} ", text, StringComparison.Ordinal);
        var cut = System.Text.RegularExpressions.Regex.Match(text, @"\n\[pxl\] … (\d+) bytes cut \(");
        Assert.True(cut.Success, "no note of the cut");
        // Everything written is either in the log or counted as cut.
        var body = Lines * 100L;
        var keptLines = text.Split('\n').Count(l => l.StartsWith("line ", StringComparison.Ordinal));
        // (The line the first part ends inside of starts with "line " too: it is counted by its bytes.)
        Assert.Equal(body, ((keptLines - 1) * 100L) + long.Parse(cut.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + HeadPartialBytes(text));
        // The kept last part starts on a line of its own.
        var afterCut = text[(cut.Index + cut.Length)..];
        Assert.StartsWith("line ", afterCut[(afterCut.IndexOf('\n', StringComparison.Ordinal) + 1)..], StringComparison.Ordinal);
        var footer = RunLog.ReadFooter(path);
        Assert.NotNull(footer);
        Assert.Equal(CycleStatus.Success, footer.Status);
        Assert.Equal(0, footer.ExitCode);
    }

    [Fact]
    public async Task Capped_OutputWithinTheCap_IsWrittenWhole()
    {
        string path;
        var output = Encoding.UTF8.GetBytes(new string('a', (int)(Cap * 3 / 4)) + "\n");
        await using (var log = RunLog.Create(_ws.PathOf("logs"), DateTimeOffset.UnixEpoch, Cap))
        {
            path = log.FullPath;
            await log.WriteOutputAsync(output, CancellationToken.None);
            await log.WriteNoteAsync("done", CancellationToken.None);
            await log.WriteFooterAsync(CycleStatus.Failure, 1, TimeSpan.FromSeconds(1), "exit code 1", CancellationToken.None);
        }

        var text = await File.ReadAllTextAsync(path);
        Assert.Contains(Encoding.UTF8.GetString(output), text, StringComparison.Ordinal);
        Assert.DoesNotContain("bytes cut", text, StringComparison.Ordinal);
        Assert.Equal(CycleStatus.Failure, RunLog.ReadFooter(path)?.Status);
    }

    /// <summary>The bytes of the one line the first part ends inside of (kept, but not a whole "line …" line).</summary>
    private static long HeadPartialBytes(string text)
    {
        var note = text.IndexOf("[pxl] the output passed", StringComparison.Ordinal);
        Assert.True(note > 0, "no note where the first part ends");
        var lineStart = text.LastIndexOf('\n', note - 2) + 1;
        return note - 1 - lineStart;
    }
}
