using System.Globalization;

namespace PxlScheduler.Dashboard;

/// <summary>
/// The dashboard's inline SVG: the strip of the last runs coloured by status (oldest left, as Airflow's grid), each
/// square a link to its run; a duration sparkline; and the schedule page's duration chart. Colours come from the
/// stylesheet (classes per status), so the dark scheme recolours them; every picture has a text alternative.
/// </summary>
internal static class Charts
{
    private const int Cell = 10;
    private const int Gap = 2;

    /// <summary>The strip: newest last; <paramref name="runs"/> come newest first.</summary>
    public static Html Strip(string schedule, IReadOnlyList<RecentRun> runs)
    {
        var ordered = runs.Reverse().ToList();
        // As wide as the runs it shows: a schedule with four runs has no blank room before its sparkline.
        var width = (Math.Max(ordered.Count, 1) * (Cell + Gap)) - Gap;
        var failed = ordered.Count(r => r.Status != "success");
        var html = new HtmlWriter();
        html.Write($"""<svg class="strip" viewBox="0 0 {width} {Cell}" width="{width}" height="{Cell}" role="img" aria-label="last {ordered.Count} runs of {schedule}: {ordered.Count - failed} succeeded, {failed} did not">""");
        for (var i = 0; i < ordered.Count; i++)
        {
            var run = ordered[i];
            var status = run.Status ?? "unknown";
            html.Write($"""<a href="/runs/{Uri.EscapeDataString(run.RunId)}"><rect class="st-{status}" x="{i * (Cell + Gap)}" y="0" width="{Cell}" height="{Cell}" rx="2"><title>{run.StartedAt}: {status}{Duration(run.DurationMs)}</title></rect></a>""");
        }

        return html.Write($"</svg>").ToHtml();
    }

    /// <summary>The durations of <paramref name="runs"/> (newest first) as a line, oldest left.</summary>
    public static Html Sparkline(IReadOnlyList<RecentRun> runs)
    {
        var points = runs.Reverse().Where(r => r.DurationMs is not null).Select(r => r.DurationMs!.Value).ToList();
        const int width = 120;
        const int height = 24;
        var html = new HtmlWriter();
        if (points.Count < 2)
        {
            return html.Write($"""<span class="muted">–</span>""").ToHtml();
        }

        var max = Math.Max(1, points.Max());
        html.Write($"""<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="durations of the last {points.Count} runs, longest {Text(max)}"><polyline points="{Polyline(points, max, width, height)}"/></svg>""");
        return html.ToHtml();
    }

    /// <summary>The schedule page's chart: duration against time, with the longest on the axis.</summary>
    public static Html DurationChart(IReadOnlyList<RecentRun> runs)
    {
        var timed = runs.Reverse().Where(r => r.DurationMs is not null).ToList();
        var html = new HtmlWriter();
        if (timed.Count < 2)
        {
            return html.Write($"""<p class="muted">Not enough runs to draw durations yet.</p>""").ToHtml();
        }

        const int width = 640;
        const int height = 180;
        var max = Math.Max(1, timed.Max(r => r.DurationMs!.Value));
        html.Write($"""<svg class="chart" viewBox="0 0 {width} {height + 20}" role="img" aria-label="duration of the last {timed.Count} runs, from {timed[0].StartedAt} to {timed[^1].StartedAt}; longest {Text(max)}">""");
        html.Write($"""<line class="axis" x1="0" y1="{height}" x2="{width}" y2="{height}"/><text x="2" y="12">{Text(max)}</text><text x="2" y="{height + 16}">{timed[0].StartedAt}</text><text x="{width - 2}" y="{height + 16}" text-anchor="end">{timed[^1].StartedAt}</text>""");
        html.Write($"""<polyline points="{Polyline(timed.Select(r => r.DurationMs!.Value).ToList(), max, width, height)}"/>""");
        for (var i = 0; i < timed.Count; i++)
        {
            var run = timed[i];
            var x = timed.Count == 1 ? 0 : i * (width - 4.0) / (timed.Count - 1) + 2;
            var y = height - (run.DurationMs!.Value * (height - 20.0) / max) - 2;
            html.Write($"""<circle class="st-{run.Status ?? "unknown"}" cx="{x:0.#}" cy="{y:0.#}" r="3"><title>{run.StartedAt}: {run.Status}{Duration(run.DurationMs)}</title></circle>""");
        }

        return html.Write($"</svg>").ToHtml();
    }

    /// <summary>A duration for people: 850 ms, 12.3 s, 4 min 5 s, 2 h 3 min.</summary>
    public static string Text(long? milliseconds) => milliseconds switch
    {
        null => "–",
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds} ms"),
        < 60_000 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000.0:0.#} s"),
        < 3_600_000 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 60_000} min {milliseconds / 1000 % 60} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 3_600_000} h {milliseconds / 60_000 % 60} min"),
    };

    private static string Duration(long? milliseconds) => milliseconds is null ? "" : ", " + Text(milliseconds);

    private static string Polyline(List<long> values, long max, int width, int height) =>
        string.Join(' ', values.Select((v, i) => string.Create(CultureInfo.InvariantCulture,
            $"{(values.Count == 1 ? 0 : i * (width - 4.0) / (values.Count - 1)) + 2:0.#},{height - (v * (height - 4.0) / max) - 2:0.#}")));
}
