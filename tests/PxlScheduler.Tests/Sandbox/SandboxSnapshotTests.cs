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
}
