using System.Globalization;

namespace PxlScheduler.Dashboard;

/// <summary>
/// An instant in a page: a <c>&lt;time&gt;</c> with the ISO-8601 UTC value, shown as <c>2026-03-29 03:00:00Z</c>; the
/// script may rewrite the text into the browser's time zone, the title keeps UTC.
/// </summary>
internal static class Instants
{
    public static Html Cell(DateTimeOffset? instant) =>
        instant is { } value ? Cell(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)) : new Html("<span class=\"muted\">–</span>");

    public static Html Cell(string? iso)
    {
        if (iso is null)
        {
            return new Html("<span class=\"muted\">–</span>");
        }

        var shown = iso.Length >= 19 ? iso[..10] + " " + iso[11..19] + "Z" : iso;
        return new HtmlWriter().Write($"""<time datetime="{iso}" title="{iso}">{shown}</time>""").ToHtml();
    }
}
