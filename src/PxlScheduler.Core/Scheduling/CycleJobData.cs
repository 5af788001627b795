using System.Text.Json;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// The job data map of a <see cref="CycleJob"/>, through named keys. Quartz's JSON store takes only
/// primitives, so the schedule travels as one JSON string; the failure count is a plain integer
/// that the store persists after every run (it is what makes a halt durable).
/// </summary>
internal static class CycleJobData
{
    public const string ScheduleKey = "pxl.schedule";
    public const string ConsecutiveFailuresKey = "pxl.consecutiveFailures";
    public const string TriggerKindKey = "pxl.trigger";
    public const string BackoffUntilKey = "pxl.backoffUntil";
    public const string HaltReasonKey = "pxl.haltReason";

    public static void WriteSchedule(JobDataMap map, ScheduleDefinition schedule) =>
        map[ScheduleKey] = JsonSerializer.Serialize(ScheduleDto.From(schedule), ScheduleJsonContext.Default.ScheduleDto);

    public static ScheduleDefinition ReadSchedule(JobDataMap map)
    {
        var json = map.GetString(ScheduleKey) ?? throw new InvalidOperationException($"Job data has no '{ScheduleKey}'.");
        var dto = JsonSerializer.Deserialize(json, ScheduleJsonContext.Default.ScheduleDto)
            ?? throw new InvalidOperationException($"Job data '{ScheduleKey}' is empty.");
        return dto.ToDefinition();
    }

    public static int ReadConsecutiveFailures(JobDataMap map) =>
        map.TryGetValue(ConsecutiveFailuresKey, out var value) ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    public static void WriteConsecutiveFailures(JobDataMap map, int failures) => map[ConsecutiveFailuresKey] = failures;

    /// <summary>Why the schedule is halted, or null; cleared only by `pxl resume`.</summary>
    public static string? ReadHaltReason(JobDataMap map) => map.GetString(HaltReasonKey) is { Length: > 0 } reason ? reason : null;

    public static void WriteHaltReason(JobDataMap map, string? reason) => map[HaltReasonKey] = reason ?? string.Empty;

    /// <summary>The end of a cron schedule's backoff window: its cron fires before it are skipped (SPEC 7).</summary>
    public static DateTimeOffset? ReadBackoffUntil(JobDataMap map) =>
        map.GetString(BackoffUntilKey) is { Length: > 0 } text
            ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    public static void WriteBackoffUntil(JobDataMap map, DateTimeOffset? until) =>
        map[BackoffUntilKey] = until?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>What fired this run: a retry of a failed occurrence, or the trigger's own kind.</summary>
    public static TriggerKind TriggerKindOf(IJobExecutionContext context) =>
        context.RetryAttempt > 0
            ? TriggerKind.Retry
            : Enum.TryParse<TriggerKind>(context.Trigger.JobDataMap.GetString(TriggerKindKey), ignoreCase: true, out var kind)
                ? kind
                : TriggerKind.Manual;

    /// <summary>The schedule as stored; a time zone goes by its id, durations by milliseconds.</summary>
    internal sealed record ScheduleDto(
        string Name,
        ScheduleKind Kind,
        string? Cron,
        string TimeZone,
        long SleepMs,
        string Mode,
        string? Goal,
        long TimeoutMs,
        int MaxFailures,
        long BackoffBaseMs,
        long BackoffMaxMs,
        int CapWrites,
        string? Command,
        IReadOnlyList<string>? Arguments,
        string? SourceFile,
        string? CronText = null,
        IReadOnlyList<DayOfWeek>? OnlyOn = null,
        MisfirePolicy Misfire = MisfirePolicy.Skip,
        bool Enabled = true)
    {
        public static ScheduleDto From(ScheduleDefinition s) => new(
            s.Name, s.Kind, s.Cron, s.TimeZone.Id, (long)s.Sleep.TotalMilliseconds, s.Mode, s.Goal,
            (long)s.Timeout.TotalMilliseconds, s.MaxFailures, (long)s.BackoffBase.TotalMilliseconds,
            (long)s.BackoffMax.TotalMilliseconds, s.CapWrites, s.Command, s.Arguments, s.SourceFile,
            s.CronText, s.OnlyOn?.Order().ToList(), s.Misfire, s.Enabled);

        public ScheduleDefinition ToDefinition() => new()
        {
            Name = Name,
            Kind = Kind,
            Cron = Cron,
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone),
            Sleep = TimeSpan.FromMilliseconds(SleepMs),
            Mode = Mode,
            Goal = Goal,
            Timeout = TimeSpan.FromMilliseconds(TimeoutMs),
            MaxFailures = MaxFailures,
            BackoffBase = TimeSpan.FromMilliseconds(BackoffBaseMs),
            BackoffMax = TimeSpan.FromMilliseconds(BackoffMaxMs),
            CapWrites = CapWrites,
            Command = Command,
            Arguments = Arguments,
            SourceFile = SourceFile,
            CronText = CronText,
            OnlyOn = OnlyOn?.ToHashSet(),
            Misfire = Misfire,
            Enabled = Enabled,
        };
    }
}
