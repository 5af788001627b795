using PxlScheduler.Core.Scheduling;

namespace PxlScheduler.Dashboard;

/// <summary>
/// <c>/</c>: the stop file and every halted schedule as banners at the top (reason, since when, the failing run's
/// log, Resume), then one row per schedule — what it is, its state, next fire, last run, failures, and the strip and
/// sparkline of its last 30 runs.
/// </summary>
internal static class OverviewPage
{
    /// <summary>A halted schedule's banner: its failing run and the end of that run's log.</summary>
    public sealed record Halt(ScheduleStatus Status, RecentRun? Failure, string? LogTail);

    public static Html Render(
        PageContext page, IReadOnlyList<ScheduleStatus> schedules, IReadOnlyDictionary<string, IReadOnlyList<RecentRun>> recent, IReadOnlyList<Halt> halts, string? stopFile)
    {
        var html = new HtmlWriter();
        html.Write($"""<div data-live id="banners">""");
        if (stopFile is not null)
        {
            html.Write($"""<section class="banner warn" role="alert" aria-labelledby="stop-title"><h2 id="stop-title">Stop file present</h2><p><code>{stopFile}</code> exists: serve starts no cycle while it is there. Remove it to go on.</p></section>""");
        }

        foreach (var halt in halts)
        {
            var name = halt.Status.Name;
            var id = "halt-" + Ids.Of(name);
            html.Write($"""<section class="banner error" role="alert" aria-labelledby="{id}"><h2 id="{id}">{name} is halted</h2><p class="reason">{halt.Status.Reason}</p>""");
            if (halt.Failure is { } failure)
            {
                html.Write($"""<p>Since {failure.FinishedAt ?? failure.StartedAt}, after run <a href="/runs/{Uri.EscapeDataString(failure.RunId)}">{failure.RunId}</a> ({failure.Status}).</p>""");
            }

            if (halt.LogTail is { } tail)
            {
                html.Write($"""<details open><summary>The end of that run's log</summary><pre class="log">{tail}</pre></details>""");
            }

            if (page.CanAct)
            {
                html.Write(Actions.Button(name, "resume", "/"));
            }

            html.Write($"</section>");
        }

        html.Write($"</div>");
        if (schedules.Count == 0)
        {
            return html.Write($"""<p>No schedules in the store. Put a schedule file in <code>schedules/</code> and restart serve.</p>""").ToHtml();
        }

        html.Write($"""
            <div class="table-wrap" data-live id="schedules">
            <table class="overview">
            <caption class="visually-hidden">Schedules, their state and their last 30 runs</caption>
            <thead><tr><th scope="col">Schedule</th><th scope="col">When</th><th scope="col">State</th><th scope="col">Next fire</th><th scope="col">Last run</th><th scope="col">Failures</th><th scope="col">Last 30 runs</th>{(page.CanAct ? new Html("<th scope=\"col\">Actions</th>") : Html.Empty)}</tr></thead>
            <tbody>
            """);
        foreach (var schedule in schedules)
        {
            var runs = recent.TryGetValue(schedule.Name, out var found) ? found : [];
            var last = runs.Count > 0 ? runs[0] : null;
            html.Write($"""<tr data-schedule="{schedule.Name}"><th scope="row" data-label="Schedule"><a href="/schedules/{Uri.EscapeDataString(schedule.Name)}">{schedule.Name}</a></th>""");
            html.Write($"""<td data-label="When">{When(schedule)}</td><td data-label="State"><span class="state state-{Ids.Of(schedule.State)}">{schedule.State}</span></td>""");
            html.Write($"""<td data-label="Next fire">{Instants.Cell(schedule.NextFireAt)}</td>""");
            html.Write($"""<td data-label="Last run">{LastRun(last)}</td><td data-label="Failures" class="num">{schedule.ConsecutiveFailures}</td>""");
            html.Write($"""<td data-label="Last 30 runs" class="runs">{Charts.Strip(schedule.Name, runs)} {Charts.Sparkline(runs)}</td>""");
            if (page.CanAct)
            {
                html.Write($"""<td data-label="Actions" class="actions">{Actions.Buttons(schedule, "/")}</td>""");
            }

            html.Write($"</tr>");
        }

        return html.Write($"</tbody></table></div>").ToHtml();
    }

    /// <summary>The cadence: a cron in words and its zone, or the sleep of a continuous schedule.</summary>
    public static Html When(ScheduleStatus schedule)
    {
        var html = new HtmlWriter();
        return (schedule.Cron is { } cron
            ? html.Write($"""<span title="{cron}">{CronWords.Describe(cron)}</span> <span class="muted">({schedule.Zone})</span>""")
            : html.Write($"""{schedule.When}""")).ToHtml();
    }

    private static Html LastRun(RecentRun? last)
    {
        var html = new HtmlWriter();
        return last is null
            ? html.Write($"""<span class="muted">never</span>""").ToHtml()
            : html.Write($"""<a href="/runs/{Uri.EscapeDataString(last.RunId)}"><span class="badge st-{last.Status ?? "unknown"}">{last.Status}</span></a> {Instants.Cell(last.StartedAt)} <span class="muted">{Charts.Text(last.DurationMs)}</span>""").ToHtml();
    }
}
