using PxlScheduler.Core.Sandbox;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Sandbox;

/// <summary>What a before/after pair of snapshots counts as a write, on real files.</summary>
public sealed class SandboxSnapshotTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void ChangesSince_SameSizeRewriteWithANewTime_IsAModification()
    {
        var file = _ws.PathOf("box/a.txt");
        Directory.CreateDirectory(_ws.PathOf("box"));
        File.WriteAllText(file, "aaaa");
        File.SetLastWriteTimeUtc(file, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var before = SandboxSnapshot.Take(_ws.PathOf("box"));

        File.WriteAllText(file, "bbbb");

        Assert.Equal([new SandboxWrite("a.txt", SandboxChange.Modified)], SandboxSnapshot.Take(_ws.PathOf("box")).ChangesSince(before));
    }

    [Fact]
    public void ChangesSince_SameSizeRewriteWithTheTimeSetBack_IsTheDocumentedBlindSpot()
    {
        var file = _ws.PathOf("box/a.txt");
        Directory.CreateDirectory(_ws.PathOf("box"));
        File.WriteAllText(file, "aaaa");
        var time = File.GetLastWriteTimeUtc(file);
        var before = SandboxSnapshot.Take(_ws.PathOf("box"));

        File.WriteAllText(file, "bbbb");
        File.SetLastWriteTimeUtc(file, time);

        Assert.Empty(SandboxSnapshot.Take(_ws.PathOf("box")).ChangesSince(before));
    }

    [Fact]
    public void ChangesSince_DirectoriesAloneAndUntouchedFiles_AreNotWrites()
    {
        Directory.CreateDirectory(_ws.PathOf("box/sub"));
        File.WriteAllText(_ws.PathOf("box/sub/same.txt"), "same");
        var before = SandboxSnapshot.Take(_ws.PathOf("box"));

        Directory.CreateDirectory(_ws.PathOf("box/empty/dirs"));
        File.SetLastWriteTimeUtc(_ws.PathOf("box/sub"), DateTime.UtcNow.AddHours(1));

        var after = SandboxSnapshot.Take(_ws.PathOf("box"));
        Assert.Empty(after.ChangesSince(before));
        Assert.Equal(1, after.Count);
    }

    [Fact]
    public void Take_MissingFolder_IsEmpty() => Assert.Equal(0, SandboxSnapshot.Take(_ws.PathOf("nope")).Count);

    // Issue 19, defect 2: links are not followed; a link is one file, changed when its target text changes.
    [Fact]
    public async Task Take_SymlinkLoop_CountsEachLinkOnceAndEnds()
    {
        Directory.CreateDirectory(_ws.PathOf("box"));
        var before = SandboxSnapshot.Take(_ws.PathOf("box"));
        File.CreateSymbolicLink(_ws.PathOf("box/a"), ".");
        File.CreateSymbolicLink(_ws.PathOf("box/b"), ".");

        // The old walk followed a -> . and b -> . for ever; a deadline turns that hang into a failure.
        var after = await Task.Run(() => SandboxSnapshot.Take(_ws.PathOf("box"))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(after.IsComplete);
        Assert.Equal([new SandboxWrite("a", SandboxChange.Created), new SandboxWrite("b", SandboxChange.Created)], after.ChangesSince(before));
    }

    [Fact]
    public void Take_LinkToABigTree_IsOneFile()
    {
        Directory.CreateDirectory(_ws.PathOf("box"));
        Directory.CreateDirectory(_ws.PathOf("tree/deep"));
        for (var i = 0; i < 50; i++)
        {
            File.WriteAllText(_ws.PathOf($"tree/deep/{i}.txt"), "x");
        }

        var before = SandboxSnapshot.Take(_ws.PathOf("box"));
        File.CreateSymbolicLink(_ws.PathOf("box/z"), _ws.PathOf("tree"));

        Assert.Equal([new SandboxWrite("z", SandboxChange.Created)], SandboxSnapshot.Take(_ws.PathOf("box")).ChangesSince(before));
    }

    [Fact]
    public void ChangesSince_LinkRetargeted_IsAModification_AndItsTargetsWritesAreNotCounted()
    {
        Directory.CreateDirectory(_ws.PathOf("box"));
        Directory.CreateDirectory(_ws.PathOf("elsewhere"));
        File.CreateSymbolicLink(_ws.PathOf("box/link"), "../elsewhere");
        File.CreateSymbolicLink(_ws.PathOf("box/steady"), "../elsewhere");
        var before = SandboxSnapshot.Take(_ws.PathOf("box"));

        File.WriteAllText(_ws.PathOf("elsewhere/new.txt"), "not in the sandbox");
        File.Delete(_ws.PathOf("box/link"));
        File.CreateSymbolicLink(_ws.PathOf("box/link"), "../elsewhere/new.txt");

        Assert.Equal([new SandboxWrite("link", SandboxChange.Modified)], SandboxSnapshot.Take(_ws.PathOf("box")).ChangesSince(before));
    }

    [Fact]
    public void Take_MoreEntriesThanTheBound_StopsAndSaysSo()
    {
        Directory.CreateDirectory(_ws.PathOf("box/sub"));
        for (var i = 0; i < 30; i++)
        {
            File.WriteAllText(_ws.PathOf($"box/sub/{i}.txt"), "x");
        }

        var snapshot = SandboxSnapshot.Take(_ws.PathOf("box"), maxEntries: 10);

        Assert.False(snapshot.IsComplete);
        Assert.True(snapshot.Count <= 10, $"{snapshot.Count} files kept");
        Assert.True(SandboxSnapshot.Take(_ws.PathOf("box"), maxEntries: 31).IsComplete);
    }
}
