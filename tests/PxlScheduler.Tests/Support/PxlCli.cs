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

    /// <summary>
    /// Runs `pxl` until it ends or <paramref name="cancellationToken"/> is cancelled (as Ctrl+C would), writing
    /// its output to <paramref name="output"/> as it goes, for commands that run on (`ledger tail --follow`).
    /// </summary>
    public static async Task<CliRun> RunAsync(string workspaceRoot, TextWriter output, CancellationToken cancellationToken, params string[] args)
    {
        var error = new StringWriter();
        var code = await Cli.RunAsync(args, new CliContext(new Workspace(workspaceRoot), output, error), cancellationToken);
        return new CliRun(code, "", error.ToString());
    }
}

/// <summary>What a `pxl` invocation printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
