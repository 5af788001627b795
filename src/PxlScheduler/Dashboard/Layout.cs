namespace PxlScheduler.Dashboard;

/// <summary>
/// The page around every page: the head (the embedded stylesheet and script, nothing from elsewhere), the
/// navigation with sign-in or sign-out, the message of the last action, and the page's main content.
/// </summary>
internal static class Layout
{
    public static string Page(PageContext page, string title, Html main)
    {
        var html = new HtmlWriter();
        html.Write($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>{title} · pxl</title>
            <link rel="stylesheet" href="{DashboardAssets.Url("dashboard.css")}">
            <script src="{DashboardAssets.Url("dashboard.js")}" defer></script>
            </head>
            <body data-events="/api/v1/events">
            <a class="skip" href="#main">Skip to content</a>
            <header class="top">
            <nav aria-label="Main">
            <a class="brand" href="/">pxl</a>
            <a href="/"{Current(page, "/")}>Overview</a>
            <a href="/runs"{Current(page, "/runs")}>Runs</a>
            </nav>
            <div class="session">{Session(page)}</div>
            </header>
            <main id="main">
            """);
        if (page.Flash is { } flash)
        {
            html.Write($"""<p class="flash" role="status">{flash}</p>""");
        }

        html.Write($"""<h1>{title}</h1>""").Write(main).Write($"""

            </main>
            <footer><p>pxl serve · <span data-live id="live-state" class="muted">live updates off</span></p></footer>
            </body>
            </html>
            """);
        return html.ToString();
    }

    private static Html Current(PageContext page, string path) =>
        page.Path == path ? new Html(" aria-current=\"page\"") : Html.Empty;

    private static Html Session(PageContext page)
    {
        var html = new HtmlWriter();
        if (!page.SignedIn)
        {
            return html.Write($"""<a href="/signin?return={Uri.EscapeDataString(page.Path)}">Sign in</a>""").ToHtml();
        }

        return html.Write($"""
            <span>{(page.ReadOnly ? "signed in (read-only)" : "signed in")}</span>
            <form method="post" action="/signout" class="inline">{page.AntiforgeryInput()}<button type="submit" class="link">Sign out</button></form>
            """).ToHtml();
    }
}
