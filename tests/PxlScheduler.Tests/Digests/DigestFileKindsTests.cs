using System.IO.Compression;
using PxlScheduler.Tests.Schedules;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Digests;

/// <summary>
/// Digest files and archives that are not what they should be: bytes after an archive's gzip member, a digest path
/// that is a FIFO or a symbolic link. Verify is byte-exact; nothing blocks; a link is followed the same way everywhere.
/// </summary>
public sealed class DigestFileKindsTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    // What is appended after the archive's one gzip member:
    [InlineData("garbage", "7 byte(s) from byte")]
    [InlineData("\u001f", "1 byte(s) from byte")]
    // A second member's header and nothing more:
    [InlineData("\u001f\u008b\u0008\u0000\u0000\u0000\u0000\u0000\u0000\u0003", "is cut short")]
    public async Task Verify_BytesAfterTheGzipMember_FailsNamingTheArchiveAndTheOffset(string appended, string expected)
    {
        DigestFiles.Append(_ws.Root, "{\"n\":1}\n");
        Assert.Equal(0, (await PxlCli.RunAsync(_ws.Root, "digests", "archive")).ExitCode);
        var archive = Assert.Single(DigestFiles.List(_ws.Root));
        var length = new FileInfo(_ws.PathOf(archive)).Length;
        using (var file = File.OpenWrite(_ws.PathOf(archive)))
        {
            file.Seek(0, SeekOrigin.End);
            file.Write([.. appended.Select(c => (byte)c)]);
        }

        var run = await PxlCli.RunAsync(_ws.Root, "digests", "verify");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"{archive} is corrupt:", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Output + run.Error, StringComparison.Ordinal);
        if (!expected.Contains("cut short", StringComparison.Ordinal))
        {
            Assert.Contains($"from byte {length}", run.Output + run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Verify_ArchiveOfTwoCompleteMembers_Passes()
    {
        DigestFiles.Append(_ws.Root, "{\"n\":1}\n{\"n\":2}\n");
        Assert.Equal(0, (await PxlCli.RunAsync(_ws.Root, "digests", "archive")).ExitCode);
        var archive = _ws.PathOf(Assert.Single(DigestFiles.List(_ws.Root)));
        // The same lines as two gzip members, as `cat a.gz b.gz` makes: still exactly the archived bytes.
        using (var file = File.Create(archive))
        {
            foreach (var line in new[] { "{\"n\":1}\n", "{\"n\":2}\n" })
            {
                using var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
                gzip.Write(System.Text.Encoding.UTF8.GetBytes(line));
            }
        }

        var run = await PxlCli.RunAsync(_ws.Root, "digests", "verify");

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Run_DigestPathIsAFifo_ArchivingRefusesItAtOnceAndTheRunIsRecorded()
    {
        Directory.CreateDirectory(_ws.PathOf("state"));
        ScheduleFileKindsTests.Mkfifo(_ws.PathOf(DigestFiles.Source));

        var run = await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "1", "--timeout", "60", "--", "/bin/true").WaitAsync(TimeSpan.FromSeconds(90));

        Assert.True(run.ExitCode == 0, run.ToString());
        var recorded = Assert.Single(LedgerFile.Read(_ws.Root));
        Assert.Equal("success", recorded.Text("status"));
        Assert.Empty(Directory.GetFiles(_ws.PathOf("state/in_flight")));
        Assert.Contains("state/planner_digests.jsonl: is a FIFO (named pipe), not a regular file", File.ReadAllText(_ws.PathOf(recorded.Text("log_path"))), StringComparison.Ordinal);

        var verify = await PxlCli.RunAsync(_ws.Root, "digests", "verify").WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("state/planner_digests.jsonl: is a FIFO (named pipe)", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DigestPathIsALinkToARealFile_MeasuresTheTargetAsCyclesArchiveIt()
    {
        var target = _ws.WriteFile("elsewhere/digests.jsonl", "");
        Directory.CreateDirectory(_ws.PathOf("state"));
        File.CreateSymbolicLink(_ws.PathOf(DigestFiles.Source), target);
        // Lines longer than the link's own text, which is what measuring the link instead of its target sees.
        var cycle = _ws.WriteScript("cycle.sh", $"echo '{{\"digest\":\"{new string('x', 100)}\"}}' >> {target}");

        Assert.Equal(0, (await PxlCli.RunAsync(_ws.Root, "run", "--iterations", "2", "--sleep", "0", "--", cycle)).ExitCode);
        var verify = await PxlCli.RunAsync(_ws.Root, "digests", "verify");

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("2 archive(s) equal the first 228 byte(s) of state/planner_digests.jsonl", verify.Output, StringComparison.Ordinal);
    }
}
