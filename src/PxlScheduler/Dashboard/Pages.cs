using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using PxlScheduler.Http;

namespace PxlScheduler.Dashboard;

/// <summary>
/// What each page's endpoint shares: its <see cref="PageContext"/> (session, read-only, antiforgery tokens, the
/// message of the last action) and the answer, an HTML document that may load only this serve's own assets and
/// is never cached.
/// </summary>
internal sealed class Pages(TokenGate gate, IAntiforgery antiforgery)
{
    public const string FlashCookie = "pxl_flash";

    private const string Policy =
        "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public PageContext Context(HttpContext context)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        string? flash = null;
        if (context.Request.Cookies.TryGetValue(FlashCookie, out var message))
        {
            flash = message;
            context.Response.Cookies.Delete(FlashCookie);
        }

        return new PageContext(TokenGate.HasSession(context), gate.ReadOnly, tokens.FormFieldName, tokens.RequestToken ?? "", flash, context.Request.Path.Value ?? "/");
    }

    /// <summary>The page <paramref name="main"/> in the layout.</summary>
    public static IResult Html(HttpContext context, PageContext page, string title, Html main, int status = StatusCodes.Status200OK)
    {
        context.Response.Headers.ContentSecurityPolicy = Policy;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "same-origin";
        return Results.Content(Layout.Page(page, title, main), "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }

    /// <summary>After an action: its sentence for the next page, and there (Post/Redirect/Get).</summary>
    public static IResult Redirect(HttpContext context, string message, string returnTo)
    {
        context.Response.Cookies.Append(FlashCookie, message, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            MaxAge = TimeSpan.FromMinutes(1),
        });
        return Results.Redirect(returnTo);
    }

    /// <summary>A return address only if it is a path on this serve; else the overview (no open redirect).</summary>
    public static string LocalPath(string? returnTo) =>
        returnTo is ['/', not '/' and not '\\', ..] or "/" ? returnTo : "/";
}
