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
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(StatusCommand.Create(context));
        root.Subcommands.Add(PauseCommand.Create(context));
        root.Subcommands.Add(ResumeCommand.Create(context));
        root.Subcommands.Add(TriggerCommand.Create(context));
        root.Subcommands.Add(SchedulesCommand.Create(context));
        root.Subcommands.Add(CheckCommand.Create(context));
        root.Subcommands.Add(DigestsCommand.Create(context));
        root.Subcommands.Add(LedgerCommand.Create(context));
        root.Subcommands.Add(LogsCommand.Create(context));
        root.Subcommands.Add(NotifyCommand.Create(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        // No response files: an argument such as the cron macro "@weekly" is an argument, not a file to read.
        var parse = Build(context).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
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
