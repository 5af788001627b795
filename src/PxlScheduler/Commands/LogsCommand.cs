using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core.Retention;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Scheduling;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl logs prune [--dry-run]`: prunes the per-run logs by the <c>Retention</c> limits now, as `serve` does at start
/// and daily (SPEC 15), keeping the logs of runs in flight and of the failures a halted schedule stopped on.
/// Prints each log removed (or that would be) and a summary: count, bytes, oldest kept.
/// </summary>
internal static class LogsCommand
{
    public static Command Create(CliContext cli)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be removed; remove nothing." };
        var prune = new Command("prune", "Remove the run logs past Retention:MaxAgeDays, MaxCount or MaxTotalMegabytes.") { dryRun };
        prune.SetAction((parse, cancellationToken) => StoreSession.RunAsync(cli, async (store, cancellationToken) =>
        {
            var keep = await store.Services.GetRequiredService<ProtectedRunLogs>().ReadAsync(store.Scheduler, cancellationToken);
            var report = store.Services.GetRequiredService<RunLogPruner>().Prune(keep, parse.GetValue(dryRun), cancellationToken);
            Print(cli, report);
            return report.Failed.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }, cancellationToken));
        return new Command("logs", "The per-run logs under Paths:RunLogs and their retention.") { prune };
    }

    private static void Print(CliContext cli, PruneReport report)
    {
        var verb = report.DryRun ? "would remove" : "removed";
        foreach (var log in report.Removed)
        {
            cli.Output.WriteLine($"{verb} {log.Path} ({ByteSize.Format(log.Bytes)}): {log.Reason}");
        }

        foreach (var (path, reason) in report.Failed)
        {
            cli.Error.WriteLine($"pxl: error: {path} could not be removed: {reason}");
        }

        var oldest = report.OldestKept is { } kept ? $"oldest kept {kept.Path} (run started {UtcInstantConverter.ToText(kept.StartedAt)})" : "none kept";
        cli.Output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"pxl logs prune: {verb} {report.Removed.Count} run log(s), {ByteSize.Format(report.RemovedBytes)}, from {report.Folder}; " +
            $"{report.Kept} kept, {ByteSize.Format(report.KeptBytes)} ({report.Protected} of them only as in flight or halted on); {oldest}"));
    }
}
