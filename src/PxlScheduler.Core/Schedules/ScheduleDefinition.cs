namespace PxlScheduler.Core.Schedules;

/// <summary>
/// A schedule with every default filled in: what to run, when, and how failures are treated.
/// `pxl run` builds one from its flags; `serve` builds one per file under <c>schedules/</c>.
/// </summary>
public sealed record ScheduleDefinition
{
    /// <summary>What a schedule's retry trigger adds to its name; no schedule may end in it.</summary>
    public const string RetrySuffix = ".retry";

    public required string Name { get; init; }

    public required ScheduleKind Kind { get; init; }

    /// <summary>The cron expression in Quartz syntax (cron schedules only).</summary>
    public string? Cron { get; init; }

    /// <summary>The cron as the file wrote it, for people (cron schedules only).</summary>
    public string? CronText { get; init; }

    /// <summary>Null, or the only weekdays on which a cron fire counts (see <see cref="CronPlan"/>).</summary>
    public IReadOnlySet<DayOfWeek>? OnlyOn { get; init; }

    /// <summary>What a cron schedule does about fire times missed while nothing ran.</summary>
    public MisfirePolicy Misfire { get; init; } = MisfirePolicy.Skip;

    /// <summary>False keeps the schedule in the store, paused, until the file enables it again.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The time zone cron times are read in (cron schedules only).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The pause between the end of a cycle and the next start (continuous schedules only).</summary>
    public TimeSpan Sleep { get; init; }

    public required string Mode { get; init; }

    /// <summary>The goal override; null takes the mode's goal.</summary>
    public string? Goal { get; init; }

    public required TimeSpan Timeout { get; init; }

    /// <summary>Consecutive failures that halt the schedule; 0 never halts.</summary>
    public required int MaxFailures { get; init; }

    public required TimeSpan BackoffBase { get; init; }

    public required TimeSpan BackoffMax { get; init; }

    public required int CapWrites { get; init; }

    /// <summary>The cycle command; null takes the configured one.</summary>
    public string? Command { get; init; }

    /// <summary>The argument template; null takes the configured one.</summary>
    public IReadOnlyList<string>? Arguments { get; init; }

    /// <summary>The notification channels of this schedule (the file's <c>notify</c>): null for every channel, empty for none.</summary>
    public IReadOnlyList<string>? Notify { get; init; }

    /// <summary>The file this schedule was read from, for messages; null for `pxl run`.</summary>
    public string? SourceFile { get; init; }
}
