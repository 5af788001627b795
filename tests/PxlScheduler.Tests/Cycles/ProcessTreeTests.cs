using System.Diagnostics;
using PxlScheduler.Core.Cycles;

namespace PxlScheduler.Tests.Cycles;

/// <summary>The /proc and wait helpers on real processes.</summary>
public sealed class ProcessTreeTests
{
    [Fact]
    public async Task HasNoChildren_ChildRunning_IsFalse()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", ["30"]) { UseShellExecute = false })!;
        try
        {
            // Other tests in this process may have children too; a running child of ours must always count.
            Assert.False(ProcessTree.HasNoChildren());
        }
        finally
        {
            child.Kill();
            await child.WaitForExitAsync();
        }
    }
}
