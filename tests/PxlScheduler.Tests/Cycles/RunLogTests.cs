using PxlScheduler.Core.Cycles;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Cycles;

/// <summary>The per-run log's file name: the UTC start, and a suffix for each further run in the same second.</summary>
public sealed class RunLogTests : IDisposable
{
    private static readonly DateTimeOffset Second = new(2026, 11, 27, 16, 0, 5, TimeSpan.Zero);

    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Create_RunsInTheSameSecond_TakeSuffixesInOrder()
    {
        Assert.Equal(["20261127T160005.log", "20261127T160005-2.log", "20261127T160005-3.log"], await CreateAsync(3));
    }

    [Fact]
    public async Task Create_NameTakenByAnotherProcess_IsSkippedNeverOverwritten()
    {
        Assert.Equal(["20261127T160005.log"], await CreateAsync(1));
        await File.WriteAllTextAsync(Path.Combine(_ws.PathOf("logs"), "20261127T160005-2.log"), "someone else's");
        await File.WriteAllTextAsync(Path.Combine(_ws.PathOf("logs"), "20261127T160005-3.log"), "someone else's");

        Assert.Equal(["20261127T160005-4.log"], await CreateAsync(1));
        Assert.Equal("someone else's", await File.ReadAllTextAsync(Path.Combine(_ws.PathOf("logs"), "20261127T160005-2.log")));
    }

    private async Task<List<string>> CreateAsync(int count)
    {
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            await using var log = RunLog.Create(_ws.PathOf("logs"), Second);
            names.Add(Path.GetFileName(log.FullPath));
        }

        return names;
    }
}
