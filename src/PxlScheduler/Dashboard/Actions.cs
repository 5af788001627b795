using PxlScheduler.Core.Scheduling;

namespace PxlScheduler.Dashboard;

/// <summary>
/// Pause, resume and trigger in a page: each a link to its confirmation (<see cref="ConfirmPage"/>), which holds the
/// form that posts it — so every action is confirmed, with or without the script. Shown only to a signed-in
/// visitor of a serve that is not read-only.
/// </summary>
internal static class Actions
{
    /// <summary>What each action does, as the confirmation says it.</summary>
    public static string Explain(string action, string name) => action switch
    {
        "pause" => $"Pause {name}: serve fires it no more until it is resumed. A run in progress goes on.",
        "resume" => $"Resume {name}: lifts a pause or a halt, clears the failure count and any backoff; it fires again on its schedule.",
        _ => $"Trigger {name}: one run now, even while it is paused or halted.",
    };

    /// <summary>The buttons of a schedule's row: resume when it is held, else pause; and trigger.</summary>
    public static Html Buttons(ScheduleStatus schedule, string returnTo)
    {
        var html = new HtmlWriter();
        html.Write(Button(schedule.Name, schedule.State is ScheduleCondition.Halted or ScheduleCondition.Paused ? "resume" : "pause", returnTo));
        return html.Write(Button(schedule.Name, "trigger", returnTo)).ToHtml();
    }

    public static Html Button(string name, string action, string returnTo) =>
        new HtmlWriter().Write($"""<a class="button {action}" href="/schedules/{Uri.EscapeDataString(name)}/{action}?return={Uri.EscapeDataString(returnTo)}" aria-label="{Title(action)} {name}">{Title(action)}</a> """).ToHtml();

    public static string Title(string action) => char.ToUpperInvariant(action[0]) + action[1..];
}
