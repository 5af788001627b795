using System.Globalization;

namespace PxlScheduler.Dashboard;

/// <summary>
/// A cron expression in words for the overview ("at 03:00 every day", "every 5 minutes", "at 09:30 Monday to
/// Friday"): the common shapes only; anything else is shown as the expression itself, which is never wrong.
/// </summary>
internal static class CronWords
{
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    public static string Describe(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Quartz's 6 or 7 fields: a seconds field of 0 in front, '?' for "any", an optional year.
        if (fields.Length is 6 or 7 && fields[0] == "0")
        {
            fields = [.. fields.Skip(1).Take(5).Select(f => f == "?" ? "*" : f)];
        }

        if (fields.Length != 5 || fields[2] != "*" || fields[3] != "*")
        {
            return $"cron {cron}";
        }

        var (minute, hour, weekday) = (fields[0], fields[1], fields[4]);
        if (OnDays(weekday) is not { } days)
        {
            return $"cron {cron}";
        }

        if (minute == "*" && hour == "*")
        {
            return "every minute" + days;
        }

        if (Step(minute) is { } everyMinutes && hour == "*")
        {
            return $"every {everyMinutes} minutes" + days;
        }

        if (Number(minute, 59) is { } m && hour == "*")
        {
            return $"at minute {m} of every hour" + days;
        }

        if (Number(minute, 59) is { } mm && Step(hour) is { } everyHours)
        {
            return $"every {everyHours} hours at minute {mm}" + days;
        }

        return Number(minute, 59) is { } at && Number(hour, 23) is { } h
            ? string.Create(CultureInfo.InvariantCulture, $"at {h:00}:{at:00}") + (days.Length == 0 ? " every day" : days)
            : $"cron {cron}";
    }

    /// <summary>"" for every day, " on Monday", " Monday to Friday"; null when the field is not one of those shapes.</summary>
    private static string? OnDays(string field)
    {
        if (field == "*")
        {
            return "";
        }

        var range = field.Split('-');
        if (range.Length == 2 && Day(range[0]) is { } from && Day(range[1]) is { } to && from < to)
        {
            return $" {Days[from]} to {Days[to]}";
        }

        var list = field.Split(',').Select(Day).ToList();
        return list.All(d => d is not null) ? " on " + string.Join(", ", list.Select(d => Days[d!.Value])) : null;
    }

    private static int? Day(string text) =>
        Number(text, 7) is { } n ? n % 7
        : Array.FindIndex(Days, d => d[..3].Equals(text, StringComparison.OrdinalIgnoreCase)) is >= 0 and var i ? i
        : null;

    private static int? Step(string field) =>
        field.StartsWith("*/", StringComparison.Ordinal) && Number(field[2..], 59) is > 1 and var n ? n : null;

    private static int? Number(string text, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max ? n : null;
}
