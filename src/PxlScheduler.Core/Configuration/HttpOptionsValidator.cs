using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PxlScheduler.Core.Configuration;

/// <summary>
/// Checks the <c>Http</c> section: every URL an <c>http://</c> address Kestrel can bind (an IP, <c>localhost</c>, or
/// <c>*</c>/<c>+</c>/<c>0.0.0.0</c> for every interface) with a port and no path; a token of a useful length; and no
/// address beyond loopback unless <c>Http:Token</c> is set, since reads from there need the token too.
/// </summary>
internal sealed partial class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    private const int MinTokenLength = 16;

    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        var section = HttpOptions.SectionName;
        if (options.UrlList.Count == 0)
        {
            failures.Add($"{section}:Urls is empty; give one or more http://host:port separated by ';' (default: http://127.0.0.1:8470), or set {section}:Enabled to false.");
        }

        var beyondLoopback = new List<string>();
        foreach (var url in options.UrlList)
        {
            if (Parse(url) is not { } host)
            {
                failures.Add($"{section}:Urls entry '{url}' is not an address serve can listen on; valid: http://IP:PORT, http://localhost:PORT or http://*:PORT, port 0 to 65535, no path (TLS belongs to a proxy in front).");
            }
            else if (!IsLoopback(host))
            {
                beyondLoopback.Add(url);
            }
        }

        var token = options.Token;
        if (token is not null && (token.Length < MinTokenLength || token.Any(char.IsWhiteSpace)))
        {
            failures.Add($"{section}:Token must be at least {MinTokenLength} characters with no spaces (got {token.Length} character(s)); or leave it unset and serve generates one into {options.TokenFile}.");
        }

        if (beyondLoopback.Count > 0 && string.IsNullOrEmpty(token))
        {
            failures.Add($"{section}:Urls listens beyond loopback ({string.Join(", ", beyondLoopback)}), which is refused without {section}:Token: every request from another address must carry the token. Set {section}:Token, or listen on 127.0.0.1.");
        }

        if (options.PublicUrl is { } publicUrl
            && (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            failures.Add($"{section}:PublicUrl '{publicUrl}' is not an absolute http:// or https:// URL.");
        }

        if (string.IsNullOrWhiteSpace(options.TokenFile))
        {
            failures.Add($"{section}:TokenFile must be a path (default: state/http.token).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The host of an <c>http://host:port</c> Kestrel can bind (<c>*</c> and <c>+</c> read as <c>0.0.0.0</c>), or null.</summary>
    public static string? Parse(string url)
    {
        var match = UrlPattern().Match(url);
        if (!match.Success || int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture) > 65535)
        {
            return null;
        }

        var host = match.Groups["host"].Value.Trim('[', ']');
        return host is "*" or "+" ? "0.0.0.0"
            : host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host, out _) ? host
            : null;
    }

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);

    [GeneratedRegex(@"^http://(?<host>\[[0-9A-Fa-f:.]+\]|[^/:\[\]@?#]+):(?<port>\d{1,5})/?$", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();
}
