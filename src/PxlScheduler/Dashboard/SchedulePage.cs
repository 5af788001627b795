using System.Globalization;
using PxlScheduler.Core.Ledger.Queries;
using PxlScheduler.Core.Schedules;
using PxlScheduler.Core.Scheduling;

namespace PxlScheduler.Dashboard;

/// <summary>
/// <c>/schedules/NAME</c>: the settings of its file as serve stored them, its state, the next 10 fires (the code of
/// <c>pxl schedules next</c>), its figures (those of <c>pxl ledger stats</c>) and its durations over time.
/// </summary>
internal static class SchedulePage
{
    public static Html Render(
        PageContext page, ScheduleDefinition schedule, ScheduleStatus status, IReadOnlyList<DateTimeOffset> nextFires, ScheduleStats? stats, IReadOnlyList<RecentRun> runs)
    {
        var html = new HtmlWriter();
        html.Write($"""<div data-live id="state"><p>State: <span class="state state-{Ids.Of(status.State)}">{status.State}</span>{(status.Reason is { } reason ? new HtmlWriter().Write($" — {reason}").ToHtml() : Html.Empty)}</p>""");
        if (page.CanAct)
        {
            html.Write($"""<p class="actions">{Actions.Buttons(status, "/schedules/" + schedule.Name)}</p>""");
        }

        html.Write($"""</div><section aria-labelledby="settings"><h2 id="settings">Settings</h2><dl class="fields">""");
        foreach (var (label, value) in Settings(schedule))
        {
            html.Write($"""<dt>{label}</dt><dd>{value}</dd>""");
        }

        html.Write($"""</dl></section><section aria-labelledby="next"><h2 id="next">Next fires</h2>""");
        if (schedule.Kind == ScheduleKind.Continuous)
        {
            html.Write($"""<p>Continuous: the next cycle starts {schedule.Sleep.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s after the last one ends{(status.NextFireAt is { } at ? new HtmlWriter().Write($", next at {Instants.Cell(at)}").ToHtml() : Html.Empty)}.</p>""");
        }
        else
        {
            html.Write($"""<ol class="fires">""");
            foreach (var fire in nextFires)
            {
                var local = TimeZoneInfo.ConvertTime(fire, schedule.TimeZone);
                html.Write($"""<li>{local.ToString("yyyy-MM-dd ddd HH:mm:ss zzz", CultureInfo.InvariantCulture)} <span class="muted">{Instants.Cell(fire)}</span></li>""");
            }

            html.Write($"</ol>");
        }

        html.Write($"""</section><section aria-labelledby="stats" data-live id="figures"><h2 id="stats">Figures</h2>""");
        if (stats is null)
        {
            html.Write($"""<p class="muted">No runs in the ledger yet.</p>""");
        }
        else
        {
            html.Write($"""<dl class="fields"><dt>Runs</dt><dd>{stats.Runs}</dd><dt>Successes</dt><dd>{stats.Successes}</dd><dt>Cancelled</dt><dd>{stats.Cancelled}</dd>""");
            html.Write($"""<dt>p50</dt><dd>{Charts.Text(stats.P50Ms)}</dd><dt>p95</dt><dd>{Charts.Text(stats.P95Ms)}</dd><dt>Max</dt><dd>{Charts.Text(stats.MaxMs)}</dd>""");
            html.Write($"""<dt>Failures by kind</dt><dd>{(stats.Failures.Count == 0 ? "none" : string.Join(", ", stats.Failures.Select(f => $"{f.Key}: {f.Value}")))}</dd>""");
            html.Write($"""<dt>Last success</dt><dd>{Instants.Cell(stats.LastSuccessAt)}</dd><dt>Streak</dt><dd>{stats.StreakRuns} × {stats.StreakStatus}</dd></dl>""");
        }

        html.Write($"""<h3>Duration of the last {runs.Count} runs</h3>{Charts.DurationChart(runs)}</section>""");
        html.Write($"""<p><a href="{RunsPage.Link(new RunsPage.Query(schedule.Name, null, null, null, null, null))}">All runs of {schedule.Name}</a></p>""");
        return html.ToHtml();
    }

    private static IEnumerable<(string Label, string? Value)> Settings(ScheduleDefinition schedule)
    {
        var seconds = (TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
        yield return ("File", schedule.SourceFile);
        yield return ("Enabled", schedule.Enabled ? "yes" : "no");
        yield return ("Kind", schedule.Kind == ScheduleKind.Cron ? "cron" : "continuous");
        if (schedule.Kind == ScheduleKind.Cron)
        {
            yield return ("Cron", schedule.CronText ?? schedule.Cron);
            yield return ("In words", CronWords.Describe(schedule.CronText ?? schedule.Cron ?? ""));
            yield return ("Time zone", schedule.TimeZone.Id);
            yield return ("Only on", schedule.OnlyOn is { } days ? string.Join(", ", days.Order()) : "every day");
            yield return ("Misfire", schedule.Misfire.ToString());
        }
        else
        {
            yield return ("Sleep", seconds(schedule.Sleep));
        }

        yield return ("Mode", schedule.Mode);
        yield return ("Goal", schedule.Goal);
        yield return ("Command", schedule.Command);
        yield return ("Arguments", schedule.Arguments is { } arguments ? string.Join(" ", arguments) : null);
        yield return ("Timeout", seconds(schedule.Timeout));
        yield return ("Halts after", $"{schedule.MaxFailures} failures in a row");
        yield return ("Backoff", $"{seconds(schedule.BackoffBase)} doubling up to {seconds(schedule.BackoffMax)}");
        yield return ("Write cap", schedule.CapWrites.ToString(CultureInfo.InvariantCulture));
        yield return ("Notify", schedule.Notify is { Count: > 0 } notify ? string.Join(", ", notify) : "no channel");
    }
}
