using System.Globalization;
using System.Text.RegularExpressions;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Ledger.Queries;

/// <summary>
/// A window's edge as the CLI's <c>--since</c> and the API's <c>since</c>/<c>until</c> take it: a span back from now
/// (<c>30m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c>) or an ISO-8601 instant (UTC unless it says otherwise).
/// </summary>
public static partial class TimeWindow
{
    /// <summary>The instant as the ledger writes instants, or null with the reason the text is not one, naming <paramref name="parameter"/>.</summary>
    public static (string? Instant, string? Problem) Parse(string text, DateTimeOffset now, string parameter)
    {
        var match = Relative().Match(text);
        if (match.Success)
        {
            var amount = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var span = match.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7 * amount),
            };
            return (UtcInstantConverter.ToText(now - span), null);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? (UtcInstantConverter.ToText(instant), null)
            : (null, $"{parameter} must be a span such as 30m, 24h, 7d or 2w, or an ISO-8601 time (got '{text}').");
    }

    [GeneratedRegex(@"^(\d{1,6})([mhdw])$")]
    private static partial Regex Relative();
}
