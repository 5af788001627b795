namespace PxlScheduler.Dashboard;

/// <summary>
/// <c>/schedules/NAME/ACTION</c>: what the action will do and a form that posts it (with the antiforgery token), or
/// a way back. Also the sign-in form, and the page of a refusal.
/// </summary>
internal static class ConfirmPage
{
    public static Html Render(PageContext page, string name, string action, string returnTo) =>
        new HtmlWriter().Write($"""
            <p>{Actions.Explain(action, name)}</p>
            <form method="post" action="/schedules/{Uri.EscapeDataString(name)}/{action}" class="confirm">
            {page.AntiforgeryInput()}
            <input type="hidden" name="return" value="{returnTo}">
            <button type="submit" class="button primary" id="confirm">{Actions.Title(action)} {name}</button>
            <a href="{returnTo}" class="button">Cancel</a>
            </form>
            """).ToHtml();

    public static Html SignIn(PageContext page, string returnTo, string? problem)
    {
        var html = new HtmlWriter();
        if (problem is not null)
        {
            html.Write($"""<p class="banner error" role="alert">{problem}</p>""");
        }

        return html.Write($"""
            <p>Pause, resume and trigger need the token of this serve: <code>Http:Token</code>, or the one serve keeps in <code>state/http.token</code>.</p>
            <form method="post" action="/signin" class="signin">
            {page.AntiforgeryInput()}
            <input type="hidden" name="return" value="{returnTo}">
            <label for="token">Token</label>
            <input type="password" id="token" name="token" autocomplete="current-password" required>
            <button type="submit" class="button primary" id="signin">Sign in</button>
            </form>
            """).ToHtml();
    }

    public static Html Refused(string reason, string returnTo) =>
        new HtmlWriter().Write($"""<p class="banner error" role="alert">{reason}</p><p><a href="{returnTo}">Back</a></p>""").ToHtml();
}
