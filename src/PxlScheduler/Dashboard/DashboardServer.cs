using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Http;

namespace PxlScheduler.Dashboard;

/// <summary>
/// What `serve` adds to speak the dashboard at <c>/</c> beside the API: the cookie session and antiforgery (their
/// keys under <c>state/dashboard-keys</c>, so a session survives a restart), the pages, the sign-in and the
/// actions, and the embedded assets. Minimal-API endpoints and HTML from <see cref="HtmlWriter"/>: nothing that
/// needs reflection, so pxl stays fit for Native AOT.
/// </summary>
internal static class DashboardServer
{
    public const string KeysFolder = "state/dashboard-keys";

    public static void Add(WebApplicationBuilder builder, Workspace workspace)
    {
        var options = HttpServer.Options(builder.Configuration);
        var https = options.PublicUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
        builder.Services.AddDataProtection().SetApplicationName("pxl").PersistKeysToFileSystem(new DirectoryInfo(workspace.Resolve(KeysFolder)));
        builder.Services.AddAuthentication(DashboardSession.Scheme).AddCookie(DashboardSession.Scheme, cookie =>
        {
            cookie.Cookie.Name = "pxl_session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = DashboardSession.SignInPath;
        });
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "pxl_antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            antiforgery.FormFieldName = "__pxl_antiforgery";
        });
        builder.Services.TryAddSingleton<Pages>();
    }

    /// <summary>Maps the pages; call after <see cref="HttpServer.Map"/>, whose gate reads the session.</summary>
    public static void Map(WebApplication app)
    {
        var page = new BrowserPage(DashboardSession.SignInPath);
        var group = app.MapGroup("").WithMetadata(page);
        DashboardEndpoints.Map(group);
        DashboardSession.Map(group);
        app.MapGet("/assets/{name}", DashboardAssets.Serve).WithMetadata(OpenRead.Instance);
    }
}
