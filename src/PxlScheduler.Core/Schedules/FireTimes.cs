using Quartz;

namespace PxlScheduler.Core.Schedules;

/// <summary>
/// The fire times of a cron schedule: Quartz's own cron expression read in the schedule's time zone, filtered
/// by its weekdays when it has them — what the scheduler's cron trigger and weekday calendar compute, and what
/// `pxl schedules next` prints.
/// </summary>
public static class FireTimes
{
    /// <summary>A weekday filter on a day-of-month list can reject many fires in a row: the search is bounded.</summary>
    private const int MostExamined = 100_000;

    /// <summary>The next <paramref name="count"/> fire times of a cron schedule after <paramref name="after"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> Next(ScheduleDefinition schedule, DateTimeOffset after, int count)
    {
        var cron = new CronExpression(schedule.Cron ?? throw new ArgumentException($"schedule '{schedule.Name}' has no cron", nameof(schedule)), schedule.TimeZone);
        var times = new List<DateTimeOffset>(count);
        var cursor = (DateTimeOffset?)after;
        for (var examined = 0; times.Count < count && examined < MostExamined; examined++)
        {
            cursor = cron.GetNextValidTimeAfter(cursor.Value);
            if (cursor is not { } time)
            {
                break;
            }

            if (schedule.OnlyOn is not { } days || days.Contains(TimeZoneInfo.ConvertTime(time, schedule.TimeZone).DayOfWeek))
            {
                times.Add(time);
            }
        }

        return times;
    }
}
