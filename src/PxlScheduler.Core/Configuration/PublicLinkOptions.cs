namespace PxlScheduler.Core.Configuration;

/// <summary>
/// <c>Http:PublicUrl</c> alone, as notifications read it: the dashboard's address as the operator reaches it, for the
/// link in each event. The rest of the <c>Http</c> section belongs to the HTTP host's own options.
/// </summary>
public sealed class PublicLinkOptions
{
    public const string SectionName = "Http";

    /// <summary>For example <c>https://pxl.example.org</c>; null leaves events without a link.</summary>
    public string? PublicUrl { get; set; }
}
