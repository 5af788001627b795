namespace PxlScheduler.Core.Schedules;

/// <summary>
/// A cron schedule as Quartz runs it: the Quartz expression, and — for the one Vixie-cron case a
/// Quartz expression cannot say (both day fields restricted while one starts with <c>*</c>, so both
/// must match) — the weekdays a calendar lets through.
/// </summary>
/// <param name="Expression">A 6/7-field Quartz cron expression.</param>
/// <param name="OnlyOn">Null, or the only weekdays on which a fire of <paramref name="Expression"/> counts.</param>
public sealed record CronPlan(string Expression, IReadOnlySet<DayOfWeek>? OnlyOn);
