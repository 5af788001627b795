using PxlScheduler.Commands;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Tests.Support;

/// <summary>Runs `pxl` in this process, as a user would type it, in a given workspace; captures output and exit code.</summary>
internal static class PxlCli
{
    public static async Task<CliRun> RunAsync(string workspaceRoot, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Cli.RunAsync(args, new CliContext(new Workspace(workspaceRoot), output, error));
        return new CliRun(code, output.ToString(), error.ToString());
    }
}

/// <summary>What a `pxl` invocation printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
