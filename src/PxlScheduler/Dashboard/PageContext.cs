namespace PxlScheduler.Dashboard;

/// <summary>
/// What every page needs to know of its request: whether the visitor is signed in, whether this serve is read-only,
/// the antiforgery field its forms carry, the message of the action just done, and the page's own path.
/// </summary>
internal sealed record PageContext(bool SignedIn, bool ReadOnly, string AntiforgeryField, string AntiforgeryToken, string? Flash, string Path)
{
    /// <summary>Whether pause, resume and trigger are shown: signed in, and not <c>Http:ReadOnly</c>.</summary>
    public bool CanAct => SignedIn && !ReadOnly;

    /// <summary>The hidden antiforgery field of a form.</summary>
    public Html AntiforgeryInput() =>
        new HtmlWriter().Write($"""<input type="hidden" name="{AntiforgeryField}" value="{AntiforgeryToken}">""").ToHtml();
}
