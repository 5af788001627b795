using System.CommandLine;

namespace PxlScheduler.Commands;

/// <summary>`pxl ledger …`: the run ledger in SQL — query, stats, tail, rebuild, verify (SPEC 3 and 9).</summary>
internal static class LedgerCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("ledger", "Ask the run ledger questions in SQL, see its figures and its end, and keep its SQL mirror true to the JSONL.");
        command.Subcommands.Add(LedgerQueryCommand.Create(cli));
        command.Subcommands.Add(LedgerStatsCommand.Create(cli));
        command.Subcommands.Add(LedgerTailCommand.Create(cli));
        command.Subcommands.Add(LedgerRebuildCommand.Create(cli));
        command.Subcommands.Add(LedgerVerifyCommand.Create(cli));
        return command;
    }
}
