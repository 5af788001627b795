using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Http;

/// <summary>
/// Who may do what over HTTP (SPEC 12): a change of state (pause, resume, trigger) needs the bearer token from
/// anywhere, and is refused altogether under <c>Http:ReadOnly</c>; a read is open from loopback and needs the token
/// from any other address. A refusal is a problem+json 401 (or 403) that says what to send.
/// </summary>
internal sealed class TokenGate(HttpToken token, IOptions<HttpOptions> options, ILogger<TokenGate> logger)
{
    private const string Scheme = "Bearer ";

    /// <summary>Null when the request may read; else the refusal.</summary>
    public IResult? Read(HttpContext context) =>
        IsLoopback(context) || HasToken(context) ? null : Refuse(context, StatusCodes.Status401Unauthorized, "a request from beyond loopback needs 'Authorization: Bearer <token>'");

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
