using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PxlScheduler.Http;

namespace PxlScheduler.Dashboard;

/// <summary>
/// Signing in and the actions. Sign-in posts the token, compared in constant time by <see cref="TokenGate"/> (the
/// API's own comparison), and gives a cookie session (HttpOnly, SameSite=Strict). Every form that posts carries the
/// antiforgery token and is refused without it. An action needs a session and a serve that is not
/// <c>Http:ReadOnly</c>, then goes through <see cref="ScheduleActions"/>, the API's code path, and redirects back.
/// </summary>
internal static class DashboardSession
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string SignInPath = "/signin";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(SignInPath, SignInForm).WithMetadata(OpenRead.Instance);
        app.MapPost(SignInPath, SignInAsync).WithMetadata(OpenRead.Instance);
        app.MapPost("/signout", SignOutAsync);
        app.MapGet("/schedules/{name}/{action}", Confirm);
        app.MapPost("/schedules/{name}/{action}", ActAsync);
    }

    private static IResult SignInForm(HttpContext context, Pages pages, string? @return)
    {
        var page = pages.Context(context);
        return Pages.Html(context, page, "Sign in", ConfirmPage.SignIn(page, Pages.LocalPath(@return), problem: null));
    }

    private static async Task<IResult> SignInAsync(HttpContext context, Pages pages, TokenGate gate, IAntiforgery antiforgery)
    {
        if (await RefusedFormAsync(context, pages, antiforgery) is { } refused)
        {
            return refused;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnTo = Pages.LocalPath(form["return"]);
        if (!gate.IsToken(form["token"].ToString()))
        {
            var page = pages.Context(context);
            return Pages.Html(context, page, "Sign in", ConfirmPage.SignIn(page, returnTo, "That is not this serve's token."), StatusCodes.Status401Unauthorized);
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], Scheme);
        await context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
        return Pages.Redirect(context, "Signed in.", returnTo);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, Pages pages, IAntiforgery antiforgery)
    {
        if (await RefusedFormAsync(context, pages, antiforgery) is { } refused)
        {
            return refused;
        }

        await context.SignOutAsync(Scheme);
        return Pages.Redirect(context, "Signed out.", "/");
    }

    private static IResult Confirm(string name, string action, string? @return, HttpContext context, Pages pages)
    {
        var page = pages.Context(context);
        if (Refusal(page, action) is { } refusal)
        {
            return Refuse(context, page, refusal);
        }

        return Pages.Html(context, page, $"{Actions.Title(action)} {name}?", ConfirmPage.Render(page, name, action, Pages.LocalPath(@return)));
    }

    private static async Task<IResult> ActAsync(string name, string action, HttpContext context, Pages pages, IAntiforgery antiforgery, ScheduleActions actions)
    {
        var page = pages.Context(context);
        if (Refusal(page, action) is { } refusal)
        {
            return Refuse(context, page, refusal);
        }

        if (await RefusedFormAsync(context, pages, antiforgery) is { } refused)
        {
            return refused;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnTo = Pages.LocalPath(form["return"]);
        var (done, problem) = await actions.ApplyAsync(action, name, context, context.RequestAborted);
        return done is not null
            ? Pages.Redirect(context, done.Message, returnTo)
            : Pages.Html(context, page, "Refused", ConfirmPage.Refused(problem!.Detail, returnTo), problem.Status);
    }

    /// <summary>Why <paramref name="action"/> may not be done from this page, with the status; null when it may.</summary>
    private static (int Status, string Reason)? Refusal(PageContext page, string action) =>
        !ScheduleActions.Names.Contains(action) ? (StatusCodes.Status404NotFound, $"There is no action '{action}'; valid: {string.Join(", ", ScheduleActions.Names)}.")
        : !page.SignedIn ? (StatusCodes.Status401Unauthorized, "Pause, resume and trigger need a session: sign in with this serve's token first.")
        : page.ReadOnly ? (StatusCodes.Status403Forbidden, "Http:ReadOnly is true: this serve changes nothing over HTTP; use the pxl command on its machine.")
        : null;

    private static IResult Refuse(HttpContext context, PageContext page, (int Status, string Reason) refusal) =>
        Pages.Html(context, page, "Refused", ConfirmPage.Refused(refusal.Reason, "/"), refusal.Status);

    /// <summary>A 400 page when the posted form lacks a valid antiforgery token (or is no form); null when it is good.</summary>
    private static async Task<IResult?> RefusedFormAsync(HttpContext context, Pages pages, IAntiforgery antiforgery)
    {
        if (context.Request.HasFormContentType && await antiforgery.IsRequestValidAsync(context))
        {
            return null;
        }

        var page = pages.Context(context);
        return Pages.Html(context, page, "Refused", ConfirmPage.Refused("The form came without a valid antiforgery token (it is older than the session, or was not made by this dashboard). Open the page again and repeat.", "/"), StatusCodes.Status400BadRequest);
    }
}
