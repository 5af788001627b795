using System.CommandLine.Parsing;
using System.CommandLine;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Schedules;

namespace PxlScheduler.Commands;

/// <summary>
/// Turns the flags of `pxl run` into the schedule it runs, defaults taken from configuration. Every
/// bad flag is reported at once, named, with what would be valid.
/// </summary>
internal static class AdhocSchedule
{
    public const string Name = "adhoc";

    public static (ScheduleDefinition? Schedule, IReadOnlyList<string> Errors) From(
        ParseResult parse, RunOptions flags, CycleOptions cycle, ModesOptions modes)
    {
        var errors = new List<string>();
        var iterations = parse.GetValue(flags.Iterations);
        var continuous = parse.GetValue(flags.Continuous);
        if (continuous && iterations is not null)
        {
            errors.Add("--iterations and --continuous exclude each other; give one.");
        }

        if (iterations is < 1)
        {
            errors.Add($"--iterations must be 1 or more (got {iterations}).");
        }

        var sleep = Seconds(errors, "--sleep", parse.GetValue(flags.Sleep), allowZero: true);
        var timeout = parse.GetValue(flags.Timeout) is { } t ? Seconds(errors, "--timeout", t, allowZero: false) : (TimeSpan?)null;
        var maxBackoff = Seconds(errors, "--max-backoff", parse.GetValue(flags.MaxBackoff) ?? cycle.BackoffMaxSeconds, allowZero: false);
        var backoffBase = parse.GetValue(flags.BackoffBase) is { } b ? Seconds(errors, "--backoff-base", b, allowZero: false) : (TimeSpan?)null;
        var maxFailures = parse.GetValue(flags.MaxFailures) ?? cycle.MaxFailures;
        if (maxFailures < 0)
        {
            errors.Add($"--max-failures must be 0 (never halt) or more (got {maxFailures}).");
        }

        var mode = parse.GetValue(flags.Mode) ?? cycle.DefaultMode;
        if (!modes.TryGetValue(mode, out var modeOptions))
        {
            errors.Add($"--mode '{mode}' is not a known mode; known: {string.Join(", ", modes.Keys.Order(StringComparer.Ordinal))}.");
        }

        var capWrites = parse.GetValue(flags.CapWrites) ?? modeOptions?.CapWrites ?? cycle.CapWrites;
        if (capWrites < 0)
        {
            errors.Add($"--cap-writes must be 0 or more (got {capWrites}).");
        }

        errors.AddRange(UnknownOptions(parse, flags));
        var (command, arguments) = CommandAndArguments(parse.GetValue(flags.Command), parse.GetValue(flags.CommandArguments) ?? []);
        if (command is not null && string.IsNullOrWhiteSpace(command))
        {
            errors.Add("--command must name an executable.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new ScheduleDefinition
        {
            Name = Name,
            Kind = ScheduleKind.Continuous,
            Sleep = sleep,
            Mode = mode,
            Goal = parse.GetValue(flags.Goal),
            Timeout = timeout ?? TimeSpan.FromSeconds(modeOptions!.TimeoutSeconds ?? cycle.TimeoutSeconds),
            MaxFailures = maxFailures,
            BackoffBase = backoffBase
                ?? (cycle.BackoffBaseSeconds is { } configured ? TimeSpan.FromSeconds(configured) : (TimeSpan?)null)
                ?? Backoff.DefaultBase(ScheduleKind.Continuous, sleep),
            BackoffMax = maxBackoff,
            CapWrites = capWrites,
            Command = command,
            Arguments = arguments,
        }, errors);
    }

    /// <summary>Whether the run is bounded, and by how many cycles.</summary>
    public static int? Iterations(ParseResult parse, RunOptions flags) =>
        parse.GetValue(flags.Continuous) ? null : parse.GetValue(flags.Iterations) ?? 1;

    // `--command X -- a b` gives X the arguments a b; `-- X a b` alone names the command too.
    /// <summary>
    /// Words before <c>--</c> that look like options but are none of <c>run</c>'s: the parser would take them as the
    /// cycle's command or arguments (<c>--itrations 2</c> ran one cycle of <c>--itrations</c>), so they are refused.
    /// After <c>--</c> everything is the cycle's, dashes included.
    /// </summary>
    private static IEnumerable<string> UnknownOptions(ParseResult parse, RunOptions flags)
    {
        var tokens = parse.Tokens.ToList();
        var end = tokens.FindIndex(t => t.Type == TokenType.DoubleDash);
        var positional = parse.GetResult(flags.CommandArguments)?.Tokens ?? [];
        return positional
            .Where(t => (end < 0 || tokens.IndexOf(t) < end) && t.Value.StartsWith('-') && t.Value.Length > 1)
            .Select(t => $"{t.Value} is not an option of pxl run; put the cycle's command and its arguments after --, as in: pxl run -- ./agent {t.Value}");
    }

    private static (string? Command, IReadOnlyList<string>? Arguments) CommandAndArguments(string? command, string[] rest) =>
        (command, rest) switch
        {
            (not null, _) => (command, rest),
            (null, [var first, .. var others]) => (first, others),
            _ => (null, null),
        };

    private static TimeSpan Seconds(List<string> errors, string flag, double value, bool allowZero)
    {
        if (Durations.Problem(value, allowZero) is { } problem)
        {
            errors.Add($"{flag} {problem}, in seconds (got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
            return TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(value);
    }
}
