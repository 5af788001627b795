using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Http;

/// <summary>
/// Who may do what over HTTP (SPEC 12): a change of state (pause, resume, trigger) needs the bearer token from
/// anywhere, and is refused altogether under <c>Http:ReadOnly</c>; a read is open from loopback and needs the token
/// from any other address, or a dashboard session (the cookie of a sign-in with the token). A refusal is a
/// problem+json 401 (or 403) that says what to send; a browser page refused a read is sent to its sign-in form.
/// </summary>
internal sealed class TokenGate(HttpToken token, IOptions<HttpOptions> options, ILogger<TokenGate> logger)
{
    private const string Scheme = "Bearer ";

    /// <summary>Null when the request may read; else the refusal.</summary>
    public IResult? Read(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (IsLoopback(context) || HasToken(context) || HasSession(context) || endpoint?.Metadata.GetMetadata<OpenRead>() is not null)
        {
            return null;
        }

        if (endpoint?.Metadata.GetMetadata<BrowserPage>() is { } page)
        {
            return Results.Redirect($"{page.SignInPath}?return={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}");
        }

        return Refuse(context, StatusCodes.Status401Unauthorized, "a request from beyond loopback needs 'Authorization: Bearer <token>' (or a dashboard session)");
    }

    /// <summary>Whether the request comes with a signed-in dashboard session.</summary>
    public static bool HasSession(HttpContext context) => context.User.Identity?.IsAuthenticated == true;

    /// <summary>Null when the request may change state; else the refusal.</summary>
    public IResult? Write(HttpContext context)
    {
        if (!HasToken(context))
        {
            return Refuse(context, StatusCodes.Status401Unauthorized,
                $"pause, resume and trigger need 'Authorization: Bearer <token>': {HttpOptions.SectionName}:Token, or the token serve keeps in {options.Value.TokenFile}");
        }

        return options.Value.ReadOnly
            ? Refuse(context, StatusCodes.Status403Forbidden, $"{HttpOptions.SectionName}:ReadOnly is true: this serve changes nothing over HTTP; use the pxl command on its machine")
            : null;
    }

    private static bool IsLoopback(HttpContext context) => context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);

    /// <summary>Whether <paramref name="presented"/> is the token (the dashboard's sign-in form).</summary>
    public bool IsToken(string presented) => token.Matches(presented);

    /// <summary>Whether this serve refuses every change over HTTP (<c>Http:ReadOnly</c>).</summary>
    public bool ReadOnly => options.Value.ReadOnly;

    private bool HasToken(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() is { } header
        && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
        && token.Matches(header[Scheme.Length..].Trim());

    private IResult Refuse(HttpContext context, int status, string reason)
    {
        HttpLog.Refused(logger, status, context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress?.ToString() ?? "?", reason);
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"pxl\"";
        }

        return ApiProblems.Result(ApiProblems.Of(status, status == StatusCodes.Status401Unauthorized ? "unauthorized" : "forbidden", reason));
    }
}
