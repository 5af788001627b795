using PxlScheduler.Core.Ledger.Queries;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Dashboard;

/// <summary>
/// <c>/runs</c>: the ledger as a table, newest first, filtered by schedule, status, a time window and text in the goal
/// or error (the API's own parameters and checks), paged by keyset; each run links to its page.
/// </summary>
internal static class RunsPage
{
    /// <summary>The form's values as given, to show them back.</summary>
    public sealed record Query(string? Schedule, string? Status, string? Since, string? Until, string? Search, string? Before);

    public static Html Render(Query query, IReadOnlyList<string> schedules, RunPage? runs, string? problem)
    {
        var html = new HtmlWriter();
        html.Write($"""
            <form method="get" action="/runs" class="filters" role="search" aria-label="Filter runs">
            <label>Schedule <select name="schedule"><option value="">any</option>
            """);
        foreach (var name in schedules)
        {
            html.Write($"""<option value="{name}"{Selected(name == query.Schedule)}>{name}</option>""");
        }

        html.Write($"""</select></label><label>Status <select name="status"><option value="">any</option>""");
        foreach (var status in Enum.GetValues<CycleStatus>().Select(s => s.ToWire()))
        {
            html.Write($"""<option value="{status}"{Selected(status == query.Status)}>{status}</option>""");
        }

        html.Write($"""
            </select></label>
            <label>Since <input name="since" value="{query.Since}" placeholder="24h or 2026-03-01" size="12"></label>
            <label>Until <input name="until" value="{query.Until}" placeholder="2026-03-02T00:00Z" size="12"></label>
            <label>Search <input type="search" name="q" value="{query.Search}" placeholder="in goal and error" size="16"></label>
            <button type="submit" class="button">Filter</button>
            </form>
            """);
        if (problem is not null)
        {
            return html.Write($"""<p class="banner error" role="alert">{problem}</p>""").ToHtml();
        }

        if (runs is null || runs.Runs.Count == 0)
        {
            return html.Write($"""<p data-live id="runs">No runs match.</p>""").ToHtml();
        }

        html.Write($"""
            <div class="table-wrap" data-live id="runs"><table class="runs">
            <caption class="visually-hidden">Runs, newest first</caption>
            <thead><tr><th scope="col">Run</th><th scope="col">Schedule</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Duration</th><th scope="col">Goal</th><th scope="col">Error</th></tr></thead><tbody>
            """);
        foreach (var run in runs.Runs)
        {
            html.Write($"""<tr><td><a href="/runs/{Uri.EscapeDataString(run.RunId)}">{run.RunId}</a></td><td>{run.Schedule}</td><td><span class="badge st-{run.Status ?? "unknown"}">{run.Status}</span></td>""");
            html.Write($"""<td>{Instants.Cell(run.StartedAt)}</td><td class="num">{Charts.Text(run.DurationMs)}</td><td class="clip">{run.Goal}</td><td class="clip">{run.Error}</td></tr>""");
        }

        html.Write($"</tbody></table></div><nav class=\"pages\" aria-label=\"Pages\">");
        if (query.Before is not null)
        {
            html.Write($"""<a href="{Link(query with { Before = null })}">Newest</a> """);
        }

        if (runs.NextBefore is { } next)
        {
            html.Write($"""<a href="{Link(query with { Before = next })}" rel="next">Older runs</a>""");
        }

        return html.Write($"</nav>").ToHtml();
    }

    /// <summary>The address of the runs page for <paramref name="query"/>, every value escaped.</summary>
    public static string Link(Query query)
    {
        var parts = new[] { ("schedule", query.Schedule), ("status", query.Status), ("since", query.Since), ("until", query.Until), ("q", query.Search), ("before", query.Before) }
            .Where(p => !string.IsNullOrEmpty(p.Item2))
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}");
        return "/runs?" + string.Join('&', parts);
    }

    private static Html Selected(bool selected) => selected ? new Html(" selected") : Html.Empty;
}
