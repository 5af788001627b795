using System.Globalization;
using PxlScheduler.Core.Ledger.Queries;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Http;

/// <summary>
/// The query parameters that choose runs, as the API's <c>/api/v1/runs</c> and the dashboard's runs page take them:
/// checked once here, each refusal naming the parameter and what is valid.
/// </summary>
internal static class RunFilters
{
    /// <summary>The longest search text: enough for a phrase, short enough that a LIKE over it stays cheap to plan.</summary>
    public const int MaxSearch = 200;

    /// <summary>The filter, or the parameter that is wrong and why.</summary>
    public static (RunFilter? Filter, string? Parameter, string? Problem) Parse(
        string? schedule, string? status, string? since, string? until, string? limit, string? before, string? search, DateTimeOffset now)
    {
        var filter = new RunFilter { Schedule = Blank(schedule), Before = Blank(before) };
        if (Blank(status) is { } wanted)
        {
            if (CycleStatusExtensions.FromWire(wanted) is null)
            {
                return (null, "status", $"status '{wanted}' is not a run status; valid: {string.Join(", ", Enum.GetValues<CycleStatus>().Select(s => s.ToWire()))}.");
            }

            filter = filter with { Status = wanted };
        }

        foreach (var (parameter, text) in new[] { ("since", Blank(since)), ("until", Blank(until)) })
        {
            if (text is null)
            {
                continue;
            }

            var (instant, problem) = TimeWindow.Parse(text, now, parameter);
            if (problem is not null)
            {
                return (null, parameter, problem);
            }

            filter = parameter == "since" ? filter with { Since = instant } : filter with { Until = instant };
        }

        if (Blank(limit) is { } take)
        {
            if (!int.TryParse(take, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > RunFilter.MaxLimit)
            {
                return (null, "limit", $"limit must be a whole number from 1 to {RunFilter.MaxLimit} (default {RunFilter.DefaultLimit}; page on with before=next_before); got '{take}'.");
            }

            filter = filter with { Limit = count };
        }

        if (Blank(search) is { } text2)
        {
            if (text2.Length > MaxSearch)
            {
                return (null, "q", $"q (the search in goal and error) must be at most {MaxSearch} characters; got {text2.Length}.");
            }

            filter = filter with { Search = text2 };
        }

        return (filter, null, null);
    }

    /// <summary>What the cursor problem says: <c>before</c> names no run.</summary>
    public static string UnknownCursor(string? before) =>
        $"before must be the run_id of a run in the ledger (the next_before of the previous page); there is no run '{before}'.";

    /// <summary>An empty form field means "any", as if the parameter were absent.</summary>
    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
