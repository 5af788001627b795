using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core.Ledger.Mirror;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl ledger verify`: the counts on both sides and any drift between the JSONL and the mirror — runs
/// missing from it, extra in it, or different (with the columns). Exit 0 when they agree, 1 on drift.
/// </summary>
internal static class LedgerVerifyCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("verify", "Compare the SQL mirror with the JSONL ledger; exit 1 on any drift.");
        command.SetAction((parse, cancellationToken) => LedgerSession.RunAsync(cli, async session =>
        {
            var report = await session.Services.GetRequiredService<LedgerVerifier>().VerifyAsync(session.Warn, cancellationToken);
            session.EndWarnings();
            var ledger = report.Ledger;
            var exists = File.Exists(session.LedgerPath);
            cli.Output.WriteLine(exists
                ? $"ledger: {session.LedgerDisplay}: {ledger.Lines} lines, {ledger.Inserted} runs ({ledger.Skipped} lines skipped, {ledger.AlreadyPresent} duplicate)"
                : $"ledger: {session.LedgerDisplay}: does not exist (Paths:Ledger)");
            cli.Output.WriteLine($"mirror: table runs: {report.MirrorRows} rows");
            Section("missing from the mirror", report.MissingCount, report.Missing);
            Section("extra in the mirror", report.ExtraCount, report.Extra);
            Section("different", report.DifferentCount, report.Different.Select(d => $"{d.RunId} ({string.Join(", ", d.Columns)})").ToList());
            cli.Output.WriteLine(!report.HasDrift ? "verify: the mirror matches the ledger"
                : exists ? "verify: DRIFT; `pxl ledger rebuild` recreates the mirror from the JSONL"
                : "verify: DRIFT; the ledger file is missing: restore it, or correct Paths:Ledger");
            return report.HasDrift ? ExitCodes.Failure : ExitCodes.Success;
        }));
        return command;

        void Section(string title, long count, IReadOnlyList<string> sample)
        {
            cli.Output.WriteLine($"{title}: {count}");
            foreach (var item in sample)
            {
                cli.Output.WriteLine($"  {item}");
            }

            if (count > sample.Count)
            {
                cli.Output.WriteLine($"  … and {count - sample.Count} more");
            }
        }
    }
}
