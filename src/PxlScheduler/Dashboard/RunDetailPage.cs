using PxlScheduler.Core.Ledger.Queries;

namespace PxlScheduler.Dashboard;

/// <summary>
/// <c>/runs/ID</c>: every field of the run's ledger row (or of its in-flight marker while it runs), and its log with
/// header and footer; while the run goes on, the script follows the log from the offset the page ends at.
/// </summary>
internal static class RunDetailPage
{
    /// <summary>The log as the page shows it: its end, where the file stood, and whether the start was left out.</summary>
    public sealed record Log(string Text, long Length, bool Cut);

    public static Html Render(RunView run, bool running, Log? log, string? logProblem)
    {
        var html = new HtmlWriter();
        html.Write($"""<dl class="fields" data-live id="fields">""");
        foreach (var (label, value) in Fields(run, running))
        {
            html.Write($"""<dt>{label}</dt><dd>{value}</dd>""");
        }

        html.Write($"""</dl><h2 id="log-title">Log</h2>""");
        if (log is null)
        {
            return html.Write($"""<p class="muted">{logProblem}</p>""").ToHtml();
        }

        var id = Uri.EscapeDataString(run.RunId);
        if (log.Cut)
        {
            html.Write($"""<p class="muted">The start of a long log is left out here; the download has all of it.</p>""");
        }

        html.Write($"""<p><a class="button" href="/runs/{id}/log" download>Download the raw log</a>{(running ? new Html(" <span class=\"following\" role=\"status\">following the log while the run goes on</span>") : Html.Empty)}</p>""");
        html.Write($"""<pre class="log" id="log" tabindex="0" aria-labelledby="log-title" aria-live="off"{(running ? new HtmlWriter().Write($" data-follow=\"/runs/{id}/tail\" data-offset=\"{log.Length}\"").ToHtml() : Html.Empty)}>{log.Text}</pre>""");
        return html.ToHtml();
    }

    private static IEnumerable<(string Label, Html Value)> Fields(RunView run, bool running)
    {
        Html Text(object? value) => value is null ? new Html("<span class=\"muted\">–</span>") : new HtmlWriter().Write($"{value}").ToHtml();
        yield return ("Run id", Text(run.RunId));
        yield return ("Schedule", run.Schedule is { } schedule ? new HtmlWriter().Write($"""<a href="/schedules/{Uri.EscapeDataString(schedule)}">{schedule}</a>""").ToHtml() : Text(null));
        yield return ("Status", new HtmlWriter().Write($"""<span class="badge st-{(running ? "running" : run.Status ?? "unknown")}" id="run-status">{(running ? "running" : run.Status)}</span>""").ToHtml());
        yield return ("Trigger", Text(run.Trigger));
        yield return ("Mode", Text(run.Mode));
        yield return ("Goal", Text(run.Goal));
        yield return ("Started", Instants.Cell(run.StartedAt));
        yield return ("Finished", Instants.Cell(run.FinishedAt));
        yield return ("Duration", Text(run.DurationMs is null ? null : Charts.Text(run.DurationMs)));
        yield return ("Exit code", Text(run.ExitCode));
        yield return ("Failures in a row", Text(run.ConsecutiveFailures));
        yield return ("Error", Text(run.Error));
        yield return ("Log path", Text(run.LogPath));
        yield return ("Archive path", Text(run.ArchivePath));
        yield return ("Digest lines", Text(run.DigestLines));
        yield return ("Writes", Text(run.Writes));
        yield return ("Host", Text(run.Host));
    }
}
