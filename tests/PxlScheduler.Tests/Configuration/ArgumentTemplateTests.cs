using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Processes;

namespace PxlScheduler.Tests.Configuration;

public sealed class ArgumentTemplateTests
{
    [Fact]
    public void Expand_Placeholders_EachItemStaysOneArgument()
    {
        var args = ArgumentTemplate.Expand(["--goal", "{goal}", "--tag={mode}-{capWrites}", "{runId}"], "exp", "a b; $(rm -rf /)", 3, "r1");

        Assert.Equal(["--goal", "a b; $(rm -rf /)", "--tag=exp-3", "r1"], args);
    }

    [Fact]
    public void UnknownPlaceholders_Misspelt_AreReported()
    {
        Assert.Equal(["{gaol}"], ArgumentTemplate.UnknownPlaceholders("x{gaol}{goal}"));
    }

    [Fact]
    public void CommandLineDisplay_ArgumentsWithSpacesAndQuotes_AreSingleQuoted()
    {
        Assert.Equal("tools/x.sh --goal 'it'\\''s here' plain", CommandLine.Display("tools/x.sh", ["--goal", "it's here", "plain"]));
    }
}
