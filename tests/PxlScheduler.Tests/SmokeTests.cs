namespace PxlScheduler.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Workspace_RelativePath_ResolvesBelowRoot()
    {
        var ws = new PxlScheduler.Core.Configuration.Workspace("/tmp/ws");
        Assert.Equal("/tmp/ws/state/x", ws.Resolve("state/x"));
        Assert.Equal("state/x", ws.Display("/tmp/ws/state/x"));
    }
}
