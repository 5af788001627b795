using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Scheduling;

namespace PxlScheduler.Commands;

/// <summary>`pxl status [--json]`: every schedule in the store, its state and why, its next fire and its last run (SPEC 3).</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var command = new Command("status", "Show every schedule: kind, cron or sleep, state, next fire, last run, consecutive failures.") { json };
        command.SetAction((parse, cancellationToken) => StoreSession.RunAsync(cli, async (store, cancellationToken) =>
        {
            var statuses = await store.Services.GetRequiredService<ScheduleStatusReader>().ReadAsync(store.Scheduler, cancellationToken);
            if (parse.GetValue(json))
            {
                cli.Output.WriteLine(JsonSerializer.Serialize(statuses, CliJson.Indented.IReadOnlyListScheduleStatus));
            }
            else if (statuses.Count == 0)
            {
                cli.Output.WriteLine("no schedules in the store; add files under schedules/ and start `pxl serve`");
            }
            else
            {
                WriteTable(cli.Output, statuses);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<ScheduleStatus> statuses)
    {
        string[] header = ["SCHEDULE", "KIND", "WHEN", "STATE", "NEXT FIRE (UTC)", "LAST RUN", "FAILURES", "LAST LOG"];
        var rows = statuses.Select(s => new[]
        {
            s.Name,
            s.Kind,
            s.When,
            s.Reason is null ? s.State : $"{s.State}: {s.Reason}",
            s.NextFireAt is { } next ? UtcInstantConverter.ToText(next) : "-",
            s.LastStatus is null ? "-" : $"{s.LastStatus} at {UtcInstantConverter.ToText(s.LastStartedAt!.Value)}",
            s.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture),
            s.LastLogPath is null ? "-" : s.LastLogState is null or "kept" ? s.LastLogPath : $"{s.LastLogPath} ({s.LastLogState})",
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
