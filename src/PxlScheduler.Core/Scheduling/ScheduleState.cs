using System.Globalization;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// A schedule's own state (SPEC 7): its consecutive-failure count, its halt and why, and a cron schedule's
/// backoff window. It lives in the schedule's job data map, so the store keeps it across restarts; with the
/// pause Quartz keeps on its triggers, this is the one place that reads, changes and explains it.
/// </summary>
/// <remarks>
/// A continuous schedule's backoff window is not here: it is its trigger's next fire (end + backoff) and
/// Quartz's retry count, so <see cref="Explain"/> reads it from the next fire time.
/// </remarks>
internal sealed record ScheduleState(int ConsecutiveFailures, string? HaltReason, DateTimeOffset? BackoffUntil)
{
    private const string ConsecutiveFailuresKey = "pxl.consecutiveFailures";
    private const string HaltReasonKey = "pxl.haltReason";
    private const string BackoffUntilKey = "pxl.backoffUntil";

    /// <summary>A schedule that has not failed: what a new schedule starts with, and what `pxl resume` leaves.</summary>
    public static ScheduleState Clear { get; } = new(0, null, null);

    public bool Halted => HaltReason is not null;

    public static ScheduleState Read(JobDataMap map) => new(
        map.TryGetValue(ConsecutiveFailuresKey, out var failures) ? Convert.ToInt32(failures, CultureInfo.InvariantCulture) : 0,
        map.GetString(HaltReasonKey) is { Length: > 0 } reason ? reason : null,
        map.GetString(BackoffUntilKey) is { Length: > 0 } until ? DateTimeOffset.Parse(until, CultureInfo.InvariantCulture) : null);

    public void WriteTo(JobDataMap map)
    {
        map[ConsecutiveFailuresKey] = ConsecutiveFailures;
        map[HaltReasonKey] = HaltReason ?? string.Empty;
        map[BackoffUntilKey] = BackoffUntil?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty;
    }

    /// <summary>
    /// The state after a recorded cycle of <paramref name="kind"/>: the verdict's count and halt; for a cron schedule
    /// that failed without halting, the window until its retry, in which its cron fires are skipped. A cancelled
    /// cycle changes no window.
    /// </summary>
    public ScheduleState After(CycleVerdict verdict, ScheduleKind kind, CycleStatus status) => new(
        verdict.ConsecutiveFailures,
        verdict.HaltReason ?? HaltReason,
        kind != ScheduleKind.Cron || status == CycleStatus.Cancelled ? BackoffUntil
            : RetriesAt(verdict) is { } retry ? retry : null);

    /// <summary>When a cron schedule's one-shot retry is due after <paramref name="verdict"/>, or null when it needs none.</summary>
    public static DateTimeOffset? RetriesAt(CycleVerdict verdict) =>
        verdict.ConsecutiveFailures > 0 && !verdict.Halted ? verdict.NextFireAt : null;

    public ScheduleState HaltedBecause(string reason) => this with { HaltReason = reason };

    /// <summary>True while a cron fire at <paramref name="now"/> falls inside the backoff window.</summary>
    public bool BacksOff(DateTimeOffset now, ScheduleDefinition schedule) =>
        BackoffUntil is { } until && Backoff.Holds(until, now, schedule.BackoffMax);

    /// <summary>
    /// How the schedule is held when its file is read again: a halt holds it even when its pause never reached the
    /// store (a shutdown right after the halting firing); else the pause it has, if any. Null: it runs.
    /// </summary>
    public PauseDetails? Hold(bool paused, PauseInfo? pause) =>
        HaltReason is { } halt && pause?.RequestedBy != PauseRequesters.Halt
            ? new PauseDetails { Reason = halt, RequestedBy = PauseRequesters.Halt }
            : paused ? new PauseDetails { Reason = pause?.Reason ?? "paused", RequestedBy = pause?.RequestedBy ?? PauseRequesters.Operator } : null;

    /// <summary>
    /// What `pxl status` and the API say of the schedule, first match wins: halted, disabled, paused, stopped by
    /// the stop file, running, backing off until T, normal; with the reason where there is one.
    /// </summary>
    public ScheduleCondition Explain(ScheduleDefinition schedule, TriggerState trigger, PauseInfo? pause, string? stopFile, DateTimeOffset now, DateTimeOffset? nextFire)
    {
        if (HaltReason is { } halt)
        {
            return new(ScheduleCondition.Halted, halt);
        }

        if (trigger == TriggerState.Paused)
        {
            return pause?.RequestedBy == PauseRequesters.Disabled
                ? new(ScheduleCondition.Disabled, pause.Reason)
                : new(ScheduleCondition.Paused, pause?.Reason);
        }

        if (stopFile is not null)
        {
            return new(ScheduleCondition.StoppedByStopFile, stopFile);
        }

        if (trigger is TriggerState.Blocked or TriggerState.Executing)
        {
            return new(ScheduleCondition.Running, null);
        }

        var backoffUntil = schedule.Kind == ScheduleKind.Cron
            ? BacksOff(now, schedule) ? BackoffUntil : null
            : ConsecutiveFailures > 0 && nextFire > now ? nextFire : null;
        return backoffUntil is { } until
            ? new(string.Create(CultureInfo.InvariantCulture, $"backing off until {UtcInstantConverter.ToText(until)}"), $"{ConsecutiveFailures} consecutive failure(s)", until)
            : new(ScheduleCondition.Normal, null);
    }
}
