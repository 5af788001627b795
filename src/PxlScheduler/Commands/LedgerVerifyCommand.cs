using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core.Ledger.Mirror;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl ledger verify`: the counts on both sides and any drift between the JSONL and the mirror — runs
/// missing from it, extra in it, or different (with the columns) — and any run id the JSONL holds on more than one
/// line. Exit 0 when they agree and every run is recorded once, 1 otherwise.
/// </summary>
internal static class LedgerVerifyCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("verify", "Compare the SQL mirror with the JSONL ledger; exit 1 on any drift or a run recorded twice.");
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
            Section("recorded more than once in the ledger", report.DuplicatedCount, report.Duplicated.Select(d => $"{d.RunId} (lines {string.Join(", ", d.Lines)})").ToList());
            if (report.HasDuplicates)
            {
                cli.Output.WriteLine($"verify: DUPLICATED; {report.DuplicatedCount} run id(s) are on more than one line of {session.LedgerDisplay}: a run was recorded twice. The mirror keeps each one's first line; the JSONL is never rewritten");
            }

            cli.Output.WriteLine(!report.HasDrift ? "verify: the mirror matches the ledger"
                : exists ? "verify: DRIFT; `pxl ledger rebuild` recreates the mirror from the JSONL"
                : "verify: DRIFT; the ledger file is missing: restore it, or correct Paths:Ledger");
            return report.HasDrift || report.HasDuplicates ? ExitCodes.Failure : ExitCodes.Success;
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
