using System.CommandLine;
using PxlScheduler.Commands;

namespace PxlScheduler;

/// <summary>The `pxl` command tree and how it is invoked: parse errors exit 2, signals are left to the host.</summary>
internal static class Cli
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("pxl — runs an autonomous planner cycle on a cadence or back to back, never twice at once, and records every run.");
        root.Subcommands.Add(RunCommand.Create(context));
        root.Subcommands.Add(LedgerCommand.Create(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var parse = Build(context).Parse(args);
        if (parse.Errors.Count > 0)
        {
            return context.UsageError(parse.Errors.Select(e => e.Message));
        }

        // Ctrl+C and SIGTERM are the host's to handle: it cancels the running cycle and records it.
        // System.CommandLine's own handling would end the process after two seconds, mid-recording.
        return await parse.InvokeAsync(new InvocationConfiguration
        {
            ProcessTerminationTimeout = null,
            Output = context.Output,
            Error = context.Error,
        }, cancellationToken);
    }
}
