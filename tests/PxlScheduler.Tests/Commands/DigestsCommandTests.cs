using System.IO.Compression;
using System.Text;
using PxlScheduler.Tests.Digests;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Commands;

/// <summary>`pxl digests archive` and `pxl digests verify` on real files, as an operator runs them.</summary>
public sealed class DigestsCommandTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Archive_PartialLastLine_IsHeldBackThenArchivedWhole()
    {
        DigestFiles.Append(_ws.Root, "{\"n\":1}\n{\"n\":2,\"half");

        var first = await PxlCli.RunAsync(_ws.Root, "digests", "archive");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("1 line(s) archived", first.Output, StringComparison.Ordinal);
        var archives = DigestFiles.List(_ws.Root);
        Assert.Equal("{\"n\":1}\n", DigestFiles.Decompress(_ws.Root, Assert.Single(archives)));

        var nothing = await PxlCli.RunAsync(_ws.Root, "digests", "archive");
        Assert.Contains("no complete new line", nothing.Output, StringComparison.Ordinal);
        Assert.Single(DigestFiles.List(_ws.Root));

        DigestFiles.Append(_ws.Root, "\":true}\n");
        var second = await PxlCli.RunAsync(_ws.Root, "digests", "archive");

        Assert.True(second.ExitCode == 0, second.ToString());
        var newest = Assert.Single(DigestFiles.List(_ws.Root).Except(archives));
        Assert.Equal("{\"n\":2,\"half\":true}\n", DigestFiles.Decompress(_ws.Root, newest));
        await AssertVerifiesAsync();
    }

    [Fact]
    public async Task Archive_TwiceInOneSecond_NeverOverwritesAndNeverTouchesTheSource()
    {
        DigestFiles.Append(_ws.Root, "one\n");
        var source = _ws.PathOf(DigestFiles.Source);

        await PxlCli.RunAsync(_ws.Root, "digests", "archive");
        DigestFiles.Append(_ws.Root, "two\n");
        var written = File.GetLastWriteTimeUtc(source);
        await PxlCli.RunAsync(_ws.Root, "digests", "archive");

        var archives = DigestFiles.List(_ws.Root);
        Assert.Equal(2, archives.Count);
        Assert.All(archives, a => Assert.Matches(@"^state/planner_digest_archives/planner_digests-\d{8}T\d{6}(-2)?\.jsonl\.gz$", a));
        Assert.Equal("one\ntwo\n", string.Concat(archives.Select(a => DigestFiles.Decompress(_ws.Root, a)).Order(StringComparer.Ordinal)));
        Assert.Equal("one\ntwo\n", File.ReadAllText(source));
        Assert.Equal(written, File.GetLastWriteTimeUtc(source));
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(_ws.PathOf(archives[0])) & (UnixFileMode.OtherWrite | UnixFileMode.GroupWrite));
        await AssertVerifiesAsync();
    }

    [Fact]
    public async Task Archive_SourceTruncated_StartsANewGenerationKeepingTheOldArchives()
    {
        DigestFiles.Append(_ws.Root, "a1\na2\na3\n");
        await PxlCli.RunAsync(_ws.Root, "digests", "archive");
        var old = Assert.Single(DigestFiles.List(_ws.Root));
        File.WriteAllText(_ws.PathOf(DigestFiles.Source), "b1\n");

        var shrunk = await PxlCli.RunAsync(_ws.Root, "digests", "verify");
        Assert.True(shrunk.ExitCode == 1, shrunk.ToString());
        Assert.Contains("shrank or was replaced", shrunk.Error, StringComparison.Ordinal);

        var run = await PxlCli.RunAsync(_ws.Root, "digests", "archive");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("shrank from 9 archived bytes to 3", run.Output, StringComparison.Ordinal);
        Assert.Equal("a1\na2\na3\n", DigestFiles.Decompress(_ws.Root, old));
        var fresh = Assert.Single(DigestFiles.List(_ws.Root).Except([old]));
        Assert.Equal("b1\n", DigestFiles.Decompress(_ws.Root, fresh));
        var verify = await AssertVerifiesAsync();
        Assert.Contains("generation 2, 1 archive(s) of earlier generations intact", verify, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archive_SourceReplacedByALongerDifferentFile_IsDetectedAndArchivedFromItsStart()
    {
        DigestFiles.Append(_ws.Root, "old-1\n");
        await PxlCli.RunAsync(_ws.Root, "digests", "archive");
        var replacement = _ws.PathOf("state/new.jsonl");
        File.WriteAllText(replacement, "new-1\nnew-2\n");
        File.Move(replacement, _ws.PathOf(DigestFiles.Source), overwrite: true);

        var run = await PxlCli.RunAsync(_ws.Root, "digests", "archive");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("was replaced or rewritten", run.Output, StringComparison.Ordinal);
        Assert.Contains("2 line(s) archived", run.Output, StringComparison.Ordinal);
        await AssertVerifiesAsync();
    }

    [Fact]
    public async Task Verify_CorruptedArchive_ExitsOneNamingIt()
    {
        var (first, _) = await TwoArchivesAsync();
        var bytes = File.ReadAllBytes(_ws.PathOf(first));
        for (var i = 12; i < bytes.Length - 8; i++)
        {
            bytes[i] ^= 0x5A;
        }

        File.WriteAllBytes(_ws.PathOf(first), bytes);

        var run = await PxlCli.RunAsync(_ws.Root, "digests", "verify");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"FAILED: {first}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArchiveAndVerify_StateFileNotJson_ExitOneNamingIt()
    {
        await TwoArchivesAsync();
        File.WriteAllText(_ws.PathOf("state/planner_digest_archives/state.json"), "garbage{");

        var verify = await PxlCli.RunAsync(_ws.Root, "digests", "verify");
        var archive = await PxlCli.RunAsync(_ws.Root, "digests", "archive");

        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.StartsWith("pxl: error: state/planner_digest_archives/state.json is not valid: ", verify.Error, StringComparison.Ordinal);
        Assert.True(archive.ExitCode == 1, archive.ToString());
        Assert.StartsWith("pxl: error: state/planner_digest_archives/state.json is not valid: ", archive.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ArchiveWithOtherContent_ExitsOneNamingItAndTheByte()
    {
        var (_, second) = await TwoArchivesAsync();
        await using (var gzip = new GZipStream(File.Create(_ws.PathOf(second)), CompressionLevel.Optimal))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("{\"n\":2,\"forged\":1}\n"));
        }

        var run = await PxlCli.RunAsync(_ws.Root, "digests", "verify");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"{second} differs from state/planner_digests.jsonl at byte 16", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MissingArchive_ExitsOneNamingIt()
    {
        var (_, second) = await TwoArchivesAsync();
        File.Delete(_ws.PathOf(second));

        var run = await PxlCli.RunAsync(_ws.Root, "digests", "verify");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"{second} is missing", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ArchivedBytesOfTheSourceEditedInPlace_ExitsOne()
    {
        await TwoArchivesAsync();
        var source = _ws.PathOf(DigestFiles.Source);
        File.WriteAllText(source, File.ReadAllText(source).Replace("\"n\":1", "\"n\":9", StringComparison.Ordinal));

        var run = await PxlCli.RunAsync(_ws.Root, "digests", "verify");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("differs from state/planner_digests.jsonl at byte 5", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_StateFileLostWithArchivesPresent_ExitsOne()
    {
        await TwoArchivesAsync();
        File.Delete(_ws.PathOf($"{DigestFiles.Archives}/state.json"));

        var run = await PxlCli.RunAsync(_ws.Root, "digests", "verify");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("state.json is missing", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NothingArchivedYet_ExitsZeroReportingWhatIsPending()
    {
        DigestFiles.Append(_ws.Root, "pending\n");

        var output = await AssertVerifiesAsync();

        Assert.Contains("nothing archived yet; 8 byte(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archive_CorruptStateFile_ExitsOneSayingWhy()
    {
        DigestFiles.Append(_ws.Root, "x\n");
        Directory.CreateDirectory(_ws.PathOf(DigestFiles.Archives));
        File.WriteAllText(_ws.PathOf($"{DigestFiles.Archives}/state.json"), "{ not json");

        var run = await PxlCli.RunAsync(_ws.Root, "digests", "archive");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("pxl: error: ", run.Error, StringComparison.Ordinal);
        Assert.Empty(DigestFiles.List(_ws.Root));
    }

    [Fact]
    public async Task Digests_InvalidPathsConfiguration_ExitsTwoNamingTheKey()
    {
        File.WriteAllText(_ws.PathOf("appsettings.json"), """{ "Paths": { "DigestArchives": " " } }""");

        var run = await PxlCli.RunAsync(_ws.Root, "digests", "verify");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Paths:DigestArchives", run.Error, StringComparison.Ordinal);
    }

    private async Task<(string First, string Second)> TwoArchivesAsync()
    {
        DigestFiles.Append(_ws.Root, "{\"n\":1}\n");
        await PxlCli.RunAsync(_ws.Root, "digests", "archive");
        var first = Assert.Single(DigestFiles.List(_ws.Root));
        DigestFiles.Append(_ws.Root, "{\"n\":2,\"ok\":true}\n");
        await PxlCli.RunAsync(_ws.Root, "digests", "archive");
        var second = Assert.Single(DigestFiles.List(_ws.Root).Except([first]));
        await AssertVerifiesAsync();
        return (first, second);
    }

    private async Task<string> AssertVerifiesAsync()
    {
        var verify = await PxlCli.RunAsync(_ws.Root, "digests", "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        return verify.Output;
    }
}
