using System.Text.Json;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// The job data map of a <see cref="CycleJob"/>, through named keys. Quartz's JSON store takes only
/// primitives, so the schedule travels as one JSON string. The schedule's state (failure count, halt,
/// backoff window) has keys of its own, owned by <see cref="ScheduleState"/>.
/// </summary>
internal static class CycleJobData
{
    public const string ScheduleKey = "pxl.schedule";
    public const string TriggerKindKey = "pxl.trigger";

    public static void WriteSchedule(JobDataMap map, ScheduleDefinition schedule) =>
        map[ScheduleKey] = JsonSerializer.Serialize(ScheduleDto.From(schedule), ScheduleJsonContext.Default.ScheduleDto);

    public static ScheduleDefinition ReadSchedule(JobDataMap map)
    {
        var json = map.GetString(ScheduleKey) ?? throw new InvalidOperationException($"Job data has no '{ScheduleKey}'.");
        var dto = JsonSerializer.Deserialize(json, ScheduleJsonContext.Default.ScheduleDto)
            ?? throw new InvalidOperationException($"Job data '{ScheduleKey}' is empty.");
        return dto.ToDefinition();
    }

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
        bool Enabled = true,
        IReadOnlyList<string>? Notify = null)
    {
        public static ScheduleDto From(ScheduleDefinition s) => new(
            s.Name, s.Kind, s.Cron, s.TimeZone.Id, (long)s.Sleep.TotalMilliseconds, s.Mode, s.Goal,
            (long)s.Timeout.TotalMilliseconds, s.MaxFailures, (long)s.BackoffBase.TotalMilliseconds,
            (long)s.BackoffMax.TotalMilliseconds, s.CapWrites, s.Command, s.Arguments, s.SourceFile,
            s.CronText, s.OnlyOn?.Order().ToList(), s.Misfire, s.Enabled, s.Notify);

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
            Notify = Notify,
        };
    }
}
