using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core.Ledger.Mirror;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl ledger rebuild`: recreates the SQL mirror from the JSONL in one transaction. Progress goes to
/// stderr: a bar redrawn in place on a terminal, a plain line every 10 % otherwise (logs, pipes, CI), and
/// then the steps that follow the last line (the indexes, the commit), which take about half as long again.
/// </summary>
internal static class LedgerRebuildCommand
{
    private const int BarWidth = 30;

    public static Command Create(CliContext cli)
    {
        var command = new Command("rebuild", "Recreate the SQL mirror (table runs) from the JSONL ledger, in one transaction.");
        command.SetAction((parse, cancellationToken) => LedgerSession.RunAsync(cli, async session =>
        {
            var clock = Stopwatch.StartNew();
            var lastTenth = -1L;
            void Progress(ImportProgress p)
            {
                var fraction = p.TotalBytes == 0 ? 1.0 : (double)p.Bytes / p.TotalBytes;
                if (session.IsTerminal)
                {
                    // The step after the last line is shown beside the full bar, padded so that it overwrites a longer one.
                    var filled = (int)(fraction * BarWidth);
                    var step = p.Step is null ? "" : $", {p.Step}";
                    cli.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction,4:P0}  {p.Lines:N0} lines{step,-24}"));
                }
                else if (p.Step is not null)
                {
                    cli.Error.WriteLine($"pxl ledger rebuild: {p.Step}");
                }
                else if ((long)(fraction * 10) is var tenth && tenth > lastTenth)
                {
                    lastTenth = tenth;
                    cli.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pxl ledger rebuild: {tenth * 10}% ({p.Lines} lines)"));
                }
            }

            var result = await session.Services.GetRequiredService<LedgerRebuilder>().RebuildAsync(session.Warn, Progress, cancellationToken);
            if (session.IsTerminal)
            {
                cli.Error.WriteLine();
            }

            session.EndWarnings();
            var seconds = clock.Elapsed.TotalSeconds;
            cli.Output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"pxl ledger rebuild: {result.Inserted} runs from {result.Lines} lines of {session.LedgerDisplay} ({result.Skipped} skipped, {result.AlreadyPresent} duplicate, {result.Partial} imported in part) in {seconds:0.00} s ({result.Lines / Math.Max(seconds, 1e-3):N0} lines/s)"));
            return ExitCodes.Success;
        }));
        return command;
    }
}
