namespace PxlScheduler.Core.Configuration;

/// <summary>
/// The <c>Http</c> section: where <c>pxl serve</c> answers HTTP (the API, health and metrics; SPEC 12) and who may
/// change state through it.
/// </summary>
public sealed class HttpOptions
{
    public const string SectionName = "Http";

    /// <summary>Where Kestrel listens: one or more <c>http://host:port</c> separated by <c>;</c>. Port 0 picks a free one.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8470";

    /// <summary>False: serve runs without HTTP, as before.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The bearer token; unset, serve generates one into <see cref="TokenFile"/> at its first start.</summary>
    public string? Token { get; set; }

    /// <summary>True: pause, resume and trigger are refused over HTTP even with the token.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>The address operators reach serve by (behind a proxy), for links; null: the first of <see cref="Urls"/>.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Where a generated token is kept (mode 0600).</summary>
    public string TokenFile { get; set; } = "state/http.token";

    /// <summary>The entries of <see cref="Urls"/>.</summary>
    public IReadOnlyList<string> UrlList => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
