using System.Globalization;
using Quartz;

namespace PxlScheduler.Core.Schedules;

/// <summary>
/// Reads a schedule's <c>cron</c> (SPEC 5): 5-field Unix cron with the meaning Vixie cron and cronie
/// give it, or 6/7-field Quartz syntax kept as it is. Unix fields are expanded to explicit value
/// lists, so nothing depends on how Quartz reads steps, names or Sunday; the day rule is cronie's:
/// a day field whose text starts with <c>*</c> is unrestricted, and a day matches when both fields
/// match if either is unrestricted, when either matches if neither is. Quartz fires on the union of
/// two day fields, so the "both" case with two real restrictions (<c>*/5</c> and <c>1</c>) becomes
/// the day-of-month list plus a weekday filter (<see cref="CronPlan.OnlyOn"/>).
/// </summary>
public static class UnixCron
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    private static readonly FieldSpec[] Fields =
    [
        new("minute", 0, 59, null),
        new("hour", 0, 23, null),
        new("day-of-month", 1, 31, null),
        new("month", 1, 12, MonthNames),
        new("day-of-week", 0, 7, DayNames),
    ];

    /// <summary>The Quartz plan for <paramref name="text"/>; throws <see cref="CronSyntaxException"/> naming the bad field.</summary>
    public static CronPlan Translate(string text)
    {
        var trimmed = text.Trim();
        if (Macros.TryGetValue(trimmed, out var expanded))
        {
            trimmed = expanded;
        }
        else if (trimmed.StartsWith('@'))
        {
            throw new CronSyntaxException($"'{trimmed}' is not a supported macro; valid: {string.Join(", ", Macros.Keys)}.");
        }

        var parts = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        switch (parts.Length)
        {
            case 5:
                return FromUnix(parts);
            case 6 or 7:
                if (!CronExpression.TryParse(trimmed, out _))
                {
                    throw new CronSyntaxException($"'{trimmed}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year]).");
                }

                return new CronPlan(trimmed, null);
            default:
                throw new CronSyntaxException(
                    $"'{trimmed}' has {parts.Length} field(s); give 5 (Unix: minute hour day-of-month month day-of-week) or 6–7 (Quartz: seconds first).");
        }
    }

    private static CronPlan FromUnix(string[] parts)
    {
        var sets = new SortedSet<int>[5];
        for (var i = 0; i < 5; i++)
        {
            sets[i] = ParseField(Fields[i], parts[i]);
        }

        // Day-of-week 7 is Sunday, as 0 is.
        if (sets[4].Remove(7))
        {
            sets[4].Add(0);
        }

        var allDays = sets[2].Count == 31;
        var allWeekdays = sets[4].Count == 7;
        var domStar = parts[2].StartsWith('*');
        var dowStar = parts[4].StartsWith('*');
        string dom, dow;
        IReadOnlySet<DayOfWeek>? onlyOn = null;
        if (allDays && allWeekdays)
        {
            (dom, dow) = ("*", "?");
        }
        else if (domStar || dowStar)
        {
            // Both must match; an unrestricted field matches every day.
            if (allDays)
            {
                (dom, dow) = ("?", QuartzWeekdays(sets[4]));
            }
            else
            {
                (dom, dow) = (List(sets[2]), "?");
                if (!allWeekdays)
                {
                    onlyOn = sets[4].Select(d => (DayOfWeek)d).ToHashSet();
                }
            }
        }
        else if (allDays || allWeekdays)
        {
            // Either may match, and one matches every day.
            (dom, dow) = ("*", "?");
        }
        else
        {
            // Either may match: Quartz fires on the union of the two fields.
            (dom, dow) = (List(sets[2]), QuartzWeekdays(sets[4]));
        }

        return new CronPlan($"0 {List(sets[0], 60)} {List(sets[1], 24)} {dom} {List(sets[3], 12)} {dow}", onlyOn);
    }

    private static SortedSet<int> ParseField(FieldSpec field, string text)
    {
        var values = new SortedSet<int>();
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0)
            {
                throw Bad(field, text, "has an empty list item");
            }

            var (rangeText, stepText) = item.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0
                ? (item[..slash], item[(slash + 1)..])
                : (item, null);
            int low, high;
            if (rangeText == "*")
            {
                (low, high) = (field.Min, field.Max == 7 ? 6 : field.Max);
            }
            else if (rangeText.IndexOf('-', StringComparison.Ordinal) is var dash and > 0)
            {
                (low, high) = (Value(field, text, rangeText[..dash]), Value(field, text, rangeText[(dash + 1)..]));
                if (low > high)
                {
                    throw Bad(field, text, $"has the range {rangeText} running backwards");
                }
            }
            else
            {
                low = high = Value(field, text, rangeText);
                if (stepText is not null)
                {
                    throw Bad(field, text, $"has a step after a single value ({item}); write a range with a step ({rangeText}-{field.Max}/{stepText}) or */{stepText}");
                }
            }

            var step = 1;
            if (stepText is not null && (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1))
            {
                throw Bad(field, text, $"has the step '{stepText}'; a step is a whole number of 1 or more");
            }

            for (var v = low; v <= high; v += step)
            {
                values.Add(v);
            }
        }

        return values;
    }

    private static int Value(FieldSpec field, string text, string token)
    {
        if (field.Names is { } names && names.Select((n, i) => (n, i)).FirstOrDefault(p => string.Equals(p.n, token, StringComparison.OrdinalIgnoreCase)) is { n: not null } named)
        {
            return named.i + (field.Min == 1 ? 1 : 0);
        }

        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= field.Min && value <= field.Max)
        {
            return value;
        }

        var valid = $"{field.Min}–{field.Max}" + (field.Names is { } n2 ? $" or {n2[0]}–{n2[^1]}" : string.Empty);
        throw Bad(field, text, $"has '{token}'; valid: {valid}");
    }

    // A full field is written `*`: Quartz then fires in both runs of a repeated DST hour, as cronie does for a wildcard.
    private static string List(SortedSet<int> values, int all = 0) => values.Count == all ? "*" : string.Join(',', values);

    // Unix 0–6 (Sunday first) is Quartz 1–7.
    private static string QuartzWeekdays(SortedSet<int> days) => string.Join(',', days.Select(d => d + 1));

    private static CronSyntaxException Bad(FieldSpec field, string text, string problem) =>
        new($"the {field.Name} field '{text}' {problem}.");

    private sealed record FieldSpec(string Name, int Min, int Max, string[]? Names);
}
