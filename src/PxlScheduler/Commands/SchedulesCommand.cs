using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl schedules validate` (every error of every file at once; exit 2 if any) and `pxl schedules next`
/// (the next fire times, computed by the very trigger and calendar `serve` would store).
/// </summary>
internal static class SchedulesCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("schedules", "Check schedule files and preview their fire times.");
        command.Subcommands.Add(Validate(cli));
        command.Subcommands.Add(Next(cli));
        return command;
    }

    private static Command Validate(CliContext cli)
    {
        var command = new Command("validate", "Check every file in schedules/; print every error with its file and field; exit 2 if any.");
        command.SetAction((_, cancellationToken) => WithReader(cli, (reader, _) =>
        {
            var set = reader.ReadAll();
            foreach (var warning in set.Warnings)
            {
                cli.Error.WriteLine($"pxl: warning: {warning}");
            }

            if (!set.IsValid)
            {
                return cli.UsageError([.. set.Errors, $"{set.Errors.Count} error(s) in {set.Files} file(s) under {cli.Workspace.Display(reader.Directory)}."]);
            }

            cli.Output.WriteLine($"{set.Schedules.Count} schedule(s) valid in {cli.Workspace.Display(reader.Directory)}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// The range of --from: a day inside what <see cref="DateTimeOffset"/> holds, so that a time zone's offset and
    /// the next second of a cron never step past it (9999-12-31T23:59:59Z threw ArgumentOutOfRangeException).
    /// </summary>
    private static readonly DateTimeOffset EarliestFrom = DateTimeOffset.MinValue.AddDays(1);

    private static readonly DateTimeOffset LatestFrom = new(9999, 12, 30, 0, 0, 0, TimeSpan.Zero);

    private static string OutsideTheCalendar(string from) =>
        $"--from '{from}' is outside the times fire times are computed for: give one from {UtcInstantConverter.ToText(EarliestFrom)[..19]}Z to {UtcInstantConverter.ToText(LatestFrom)[..19]}Z.";

    private static Command Next(CliContext cli)
    {
        var target = new Argument<string>("NAME-or-CRON") { Description = "A schedule's name, or a cron expression (5-field Unix or 6/7-field Quartz)." };
        var count = new Option<int>("-n") { Description = "How many fire times.", DefaultValueFactory = _ => 10 };
        var from = new Option<string?>("--from") { Description = "Start after this ISO-8601 time (default: now)." };
        var zone = new Option<string?>("--tz") { Description = "Time zone for a cron expression given directly (default UTC)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of ISO-8601 UTC times." };
        var command = new Command("next", "Print the next fire times of a schedule or cron expression, in its time zone and in UTC.") { target, count, from, zone, json };
        command.SetAction((parse, cancellationToken) => WithReader(cli, (reader, clock) =>
        {
            var errors = new List<string>();
            var n = parse.GetValue(count);
            if (n is < 1 or > 10_000)
            {
                errors.Add($"-n must be from 1 to 10000 (got {n}).");
            }

            var after = clock.GetUtcNow();
            if (parse.GetValue(from) is { } fromText && !DateTimeOffset.TryParse(fromText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out after))
            {
                errors.Add($"--from '{fromText}' is not an ISO-8601 time such as 2026-03-29T00:00:00Z.");
            }
            else if (after < EarliestFrom || after > LatestFrom)
            {
                errors.Add(OutsideTheCalendar(parse.GetValue(from)!));
            }

            var schedule = errors.Count == 0 ? Resolve(cli, reader, parse.GetValue(target)!, parse.GetValue(zone), errors) : null;
            if (schedule is null)
            {
                return cli.UsageError(errors);
            }

            IReadOnlyList<DateTimeOffset> times;
            try
            {
                times = FireTimes.Next(schedule, after, n);
            }
            catch (ArgumentOutOfRangeException)
            {
                // Quartz's arithmetic near the end of the calendar; the bounds above keep a whole day of margin.
                return cli.UsageError([OutsideTheCalendar(UtcInstantConverter.ToText(after))]);
            }

            if (times.Count == 0)
            {
                return cli.UsageError([$"'{parse.GetValue(target)}' has no fire time after {UtcInstantConverter.ToText(after)}."]);
            }

            if (parse.GetValue(json))
            {
                cli.Output.WriteLine(JsonSerializer.Serialize(times.Select(UtcInstantConverter.ToText).ToList(), CliJson.Indented.IReadOnlyListString));
                return ExitCodes.Success;
            }

            foreach (var time in times)
            {
                var local = TimeZoneInfo.ConvertTime(time, schedule.TimeZone);
                cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd ddd HH:mm:ss zzz}  {UtcInstantConverter.ToText(time)}"));
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    /// <summary>The schedule file named <paramref name="target"/>, else <paramref name="target"/> read as a cron expression.</summary>
    private static ScheduleDefinition? Resolve(CliContext cli, ScheduleFileReader reader, string target, string? zoneId, List<string> errors)
    {
        var set = reader.ReadAll();
        var file = cli.Workspace.Display(Path.Combine(reader.Directory, target + ".json"));
        if (set.Errors.Where(e => e.StartsWith(file + ": ", StringComparison.Ordinal)).ToList() is { Count: > 0 } fileErrors)
        {
            // Its file is there but invalid: say so, rather than that no schedule has that name.
            errors.AddRange(fileErrors);
            return null;
        }

        if (set.Schedules.FirstOrDefault(s => s.Name == target) is { } named)
        {
            if (zoneId is not null)
            {
                errors.Add($"--tz is for a cron expression given directly; schedule '{target}' has its own time zone ({named.TimeZone.Id}).");
                return null;
            }

            if (named.Kind == ScheduleKind.Continuous)
            {
                errors.Add($"'{target}' is a continuous schedule: it fires {named.Sleep.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s after each cycle ends, not at fixed times.");
                return null;
            }

            return named;
        }

        var zone = TimeZoneInfo.Utc;
        if (zoneId is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone))
        {
            errors.Add($"--tz '{zoneId}' is not a known time zone; use an IANA name such as Europe/Berlin or UTC.");
            return null;
        }

        try
        {
            var plan = UnixCron.Translate(target);
            return new ScheduleDefinition
            {
                Name = "next",
                Kind = ScheduleKind.Cron,
                Cron = plan.Expression,
                CronText = target,
                OnlyOn = plan.OnlyOn,
                TimeZone = zone!,
                Mode = "-",
                Timeout = TimeSpan.FromSeconds(1),
                MaxFailures = 0,
                BackoffBase = TimeSpan.FromSeconds(1),
                BackoffMax = TimeSpan.FromSeconds(1),
                CapWrites = 0,
            };
        }
        catch (CronSyntaxException e)
        {
            var names = set.Schedules.Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
            errors.Add($"'{target}' is neither a schedule name ({(names.Count == 0 ? "none found" : string.Join(", ", names))}) nor a valid cron: {e.Message}");
            return null;
        }
    }

    private static Task<int> WithReader(CliContext cli, Func<ScheduleFileReader, TimeProvider, int> action, CancellationToken cancellationToken) =>
        cli.WithServicesAsync(
            (services, _) => Task.FromResult(action(services.GetRequiredService<ScheduleFileReader>(), services.GetRequiredService<TimeProvider>())),
            cancellationToken);
}
