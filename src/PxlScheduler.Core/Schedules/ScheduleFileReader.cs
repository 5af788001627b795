using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Files;

namespace PxlScheduler.Core.Schedules;

/// <summary>
/// Reads <c>schedules/*.json</c> (SPEC 5): one schedule per file, comments and trailing commas
/// allowed, unknown fields refused, defaults from configuration. Every problem of every file is
/// reported at once, naming the file and the field, so one `pxl schedules validate` shows them all.
/// </summary>
internal sealed partial class ScheduleFileReader(
    IOptions<CycleOptions> cycle,
    IOptions<ModesOptions> modes,
    IOptions<PathsOptions> paths,
    IOptions<NotificationsOptions> notifications,
    Workspace workspace,
    TimeProvider time)
{

    /// <summary>A schedule file is a few hundred bytes; anything past 1 MiB is not one.</summary>
    public const long MaxFileBytes = RegularFile.SmallFileLimit;

    private static readonly string[] Known =
        ["name", "cron", "timeZone", "continuous", "mode", "goal", "timeoutSeconds", "maxFailures", "backoff", "capWrites", "misfire", "command", "args", "enabled", "notify"];

    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public string Directory => workspace.Resolve(paths.Value.Schedules);

    public ScheduleSet ReadAll()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return new ScheduleSet([], [], 0, FolderExists: false);
        }

        var files = System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal).ToList();
        var schedules = new List<ScheduleDefinition>();
        var errors = new List<string>();
        // Linux names are case-sensitive and only *.json is read: a NIGHTLY.JSON would be skipped without a word.
        var warnings = System.IO.Directory.GetFiles(Directory)
            .Where(f => Path.GetExtension(f) is var extension && extension.Equals(".json", StringComparison.OrdinalIgnoreCase) && extension != ".json")
            .Order(StringComparer.Ordinal)
            .Select(f => $"{workspace.Display(f)}: ignored: only files ending in '.json' (lower case) are read as schedules; rename it to {Path.GetFileNameWithoutExtension(f)}.json to use it")
            .ToList();
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            if (Read(file, errors) is not { } schedule)
            {
                continue;
            }

            if (owners.TryGetValue(schedule.Name, out var owner))
            {
                errors.Add($"{schedule.SourceFile}: name: '{schedule.Name}' is already the name of {owner}; names must be unique.");
                continue;
            }

            owners[schedule.Name] = schedule.SourceFile!;
            schedules.Add(schedule);
        }

        return new ScheduleSet(schedules, errors, files.Count) { Warnings = warnings };
    }

    /// <summary>One file's schedule, or null with its problems added to <paramref name="errors"/>.</summary>
    public ScheduleDefinition? Read(string path, List<string> errors)
    {
        var file = workspace.Display(path);
        JsonDocument document;
        try
        {
            // A UTF-8 byte order mark, as some editors write one, is not part of the JSON. Never blocks on a FIFO,
            // never reads a device (a link to /dev/zero) without end.
            var bytes = RegularFile.ReadAllBytes(path, file, MaxFileBytes);
            document = JsonDocument.Parse(bytes.AsMemory(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0), Lenient);
        }
        catch (JsonException e)
        {
            errors.Add($"{file}: not valid JSON at line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}: {FirstSentence(e.Message)}");
            return null;
        }
        catch (FileRefusedException e)
        {
            errors.Add(e.Message);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{file}: cannot be read: {e.Message}");
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{file}: must hold one JSON object (a schedule).");
                return null;
            }

            var before = errors.Count;
            var schedule = Build(file, Path.GetFileNameWithoutExtension(path), new JsonFields(file, string.Empty, document.RootElement, Known, errors));
            return errors.Count == before ? schedule : null;
        }
    }

    private ScheduleDefinition? Build(string file, string fileStem, JsonFields f)
    {
        var name = f.String("name") ?? fileStem;
        if (!NamePattern().IsMatch(name))
        {
            f.Error(f.Has("name") ? "name" : "(file name)", $"'{name}' is not a valid schedule name; use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        else if (name.EndsWith(ScheduleDefinition.RetrySuffix, StringComparison.OrdinalIgnoreCase))
        {
            // Schedule x's retry trigger is x.retry: a schedule of that name would have its trigger overwritten.
            f.Error(f.Has("name") ? "name" : "(file name)", $"'{name}' ends in '{ScheduleDefinition.RetrySuffix}', which pxl keeps for the retry of schedule '{name[..^ScheduleDefinition.RetrySuffix.Length]}'; choose another name");
        }

        var cronText = f.String("cron");
        var continuous = f.Object("continuous", ["sleepSeconds"]);
        var sleepSeconds = continuous?.Seconds("sleepSeconds", 0);
        if (cronText is null == (continuous is null))
        {
            f.Error("cron", "give exactly one of \"cron\" and \"continuous\"");
        }
        else if (continuous is not null && sleepSeconds is null && !continuous.Has("sleepSeconds"))
        {
            continuous.Error("sleepSeconds", "must be given (seconds from the end of one cycle to the next start; 0 for back to back)");
        }

        CronPlan? plan = null;
        if (cronText is not null)
        {
            try
            {
                plan = UnixCron.Translate(cronText);
            }
            catch (CronSyntaxException e)
            {
                f.Error("cron", e.Message.TrimEnd('.'));
            }
        }

        var zone = TimeZoneInfo.Utc;
        if (f.String("timeZone") is { } zoneId)
        {
            if (continuous is not null)
            {
                f.Error("timeZone", "applies to cron schedules only");
            }
            else if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone))
            {
                f.Error("timeZone", $"'{zoneId}' is not a known time zone; use an IANA name such as Europe/Berlin, America/New_York or UTC");
                zone = TimeZoneInfo.Utc;
            }
        }

        var mode = f.String("mode") ?? cycle.Value.DefaultMode;
        if (!modes.Value.TryGetValue(mode, out var modeOptions))
        {
            f.Error("mode", $"'{mode}' is not a known mode; known: {CycleOptionsValidator.KnownModes(modes.Value)}");
        }

        var misfire = MisfirePolicy.Skip;
        if (f.String("misfire") is { } misfireText)
        {
            if (continuous is not null)
            {
                f.Error("misfire", "applies to cron schedules only");
            }
            else if (misfireText is "fireOnce")
            {
                misfire = MisfirePolicy.FireOnce;
            }
            else if (misfireText is not "skip")
            {
                f.Error("misfire", $"'{misfireText}' is not a misfire policy; valid: skip, fireOnce");
            }
        }

        var backoff = f.Object("backoff", ["baseSeconds", "maxSeconds"]);
        var kind = continuous is not null ? ScheduleKind.Continuous : ScheduleKind.Cron;
        var sleep = sleepSeconds ?? TimeSpan.Zero;
        var schedule = new ScheduleDefinition
        {
            Name = name,
            Kind = kind,
            Cron = plan?.Expression,
            CronText = cronText,
            OnlyOn = plan?.OnlyOn,
            TimeZone = zone,
            Sleep = sleep,
            Misfire = misfire,
            Mode = mode,
            Goal = f.String("goal"),
            Timeout = f.Seconds("timeoutSeconds", 1) ?? TimeSpan.FromSeconds(modeOptions?.TimeoutSeconds ?? cycle.Value.TimeoutSeconds),
            MaxFailures = f.Int("maxFailures", 0, 1_000_000) ?? cycle.Value.MaxFailures,
            BackoffBase = backoff?.Seconds("baseSeconds", 1) is { } b
                ? b
                : cycle.Value.BackoffBaseSeconds is { } configured ? TimeSpan.FromSeconds(configured) : Backoff.DefaultBase(kind, sleep),
            BackoffMax = backoff?.Seconds("maxSeconds", 1) ?? TimeSpan.FromSeconds(cycle.Value.BackoffMaxSeconds),
            CapWrites = f.Int("capWrites", 0, 1_000_000) ?? modeOptions?.CapWrites ?? cycle.Value.CapWrites,
            Command = f.String("command"),
            Arguments = Arguments(f),
            Enabled = f.Bool("enabled") ?? true,
            Notify = Notify(f),
            SourceFile = file,
        };

        if (plan is not null && FireTimes.Next(schedule, time.GetUtcNow(), 1).Count == 0)
        {
            f.Error("cron", $"'{cronText}' never fires (no such date on the calendar)");
        }

        return schedule;
    }

    /// <summary>The <c>args</c> templates, each placeholder checked as <c>Cycle:Arguments</c>' are: a typo would reach the command literally.</summary>
    private static IReadOnlyList<string>? Arguments(JsonFields f)
    {
        var arguments = f.Strings("args");
        foreach (var (i, problem) in ArgumentTemplate.Problems(arguments ?? []))
        {
            f.Error($"args[{i}]", problem);
        }

        return arguments;
    }

    /// <summary>
    /// <c>notify</c>: absent or <c>true</c>, every channel (each by its <c>Events</c>); <c>false</c>, none; a list, those
    /// channels only, each one that <c>Notifications:Channels</c> names.
    /// </summary>
    private IReadOnlyList<string>? Notify(JsonFields f)
    {
        if (f.IsLiteral("notify", false))
        {
            return [];
        }

        if (f.IsLiteral("notify", true))
        {
            return null;
        }

        var channels = f.Strings("notify");
        var known = notifications.Value.Channels.Select(c => c.Name).ToList();
        foreach (var (i, channel) in (channels ?? []).Select((c, i) => (i, c)))
        {
            if (!known.Contains(channel, StringComparer.OrdinalIgnoreCase))
            {
                f.Error($"notify[{i}]", $"'{channel}' is not a channel of {NotificationsOptions.SectionName}:Channels; known: {(known.Count == 0 ? "none" : string.Join(", ", known))} (or false for none)");
            }
        }

        return channels;
    }

    private static string FirstSentence(string message) =>
        message.IndexOf(". ", StringComparison.Ordinal) is var end and > 0 ? message[..(end + 1)] : message;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
