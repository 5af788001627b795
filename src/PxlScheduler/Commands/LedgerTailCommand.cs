using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using PxlScheduler.Core.Ledger.Reading;
using PxlScheduler.Core.Ledger;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl ledger tail [-n 20] [--follow]`: the last runs, read from the end of the JSONL (never the whole
/// file); with <c>--follow</c>, each run as it is appended, until Ctrl+C or SIGTERM (then exit 0).
/// </summary>
internal static class LedgerTailCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static Command Create(CliContext cli)
    {
        var count = new Option<int>("-n", "--lines") { Description = "How many runs.", DefaultValueFactory = _ => 20 };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing runs as they are recorded, until Ctrl+C." };
        var command = new Command("tail", "The last runs of the ledger.") { count, follow };
        command.SetAction((parse, cancellationToken) => LedgerSession.RunAsync(cli, async session =>
        {
            var n = parse.GetValue(count);
            if (n < 0)
            {
                return cli.UsageError([$"-n must be 0 or more (got {n})."]);
            }

            using var parser = new LedgerLineParser();
            // -n counts runs: a line near the end that is not one (torn, foreign) makes it read that much further back.
            var want = n;
            var (lines, end) = LedgerTailReader.ReadLast(session.LedgerPath, want);
            while (lines.Count(l => parser.Parse(Encoding.UTF8.GetBytes(l)).Row is not null) is var runs && runs < n && lines.Count == want)
            {
                want += n - runs;
                (lines, end) = LedgerTailReader.ReadLast(session.LedgerPath, want);
            }

            Print(cli, session, parser, lines);
            if (!parse.GetValue(follow))
            {
                return ExitCodes.Success;
            }

            // Without a host, nothing else turns Ctrl+C or SIGTERM into cancellation: do it here, for as long as we follow.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            try
            {
                while (true)
                {
                    await Task.Delay(PollInterval, stop.Token);
                    var (appended, next) = LedgerTailReader.ReadFrom(session.LedgerPath, end);
                    end = next;
                    Print(cli, session, parser, appended);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        }));
        return command;
    }

    private static void Print(CliContext cli, LedgerSession session, LedgerLineParser parser, IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            var parsed = parser.Parse(Encoding.UTF8.GetBytes(line));
            if (parsed.Row is not { } run)
            {
                cli.Error.WriteLine($"pxl: warning: {session.LedgerDisplay}: a line near the end is not a run ({parsed.Note}); `pxl ledger verify` gives its number");
                continue;
            }

            var duration = run.Integer(RunFields.DurationMs) is { } ms ? (ms / 1000.0).ToString("0.000 s", CultureInfo.InvariantCulture) : "?";
            var exit = run.Integer(RunFields.ExitCode) is { } code ? code.ToString(CultureInfo.InvariantCulture) : "-";
            cli.Output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{run.Text(RunFields.StartedAt) ?? "?",-24}  {run.Text(RunFields.Schedule) ?? "?",-12}  {run.Text(RunFields.Status) ?? "?",-18}  {duration,10}  exit {exit,-3}  {run.RunId}"));
        }

        cli.Output.Flush();
    }
}
