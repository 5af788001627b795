using Microsoft.Extensions.Options;

namespace PxlScheduler.Core.Configuration;

/// <summary>Checks <c>Http:PublicUrl</c>, the base of the links in events.</summary>
internal sealed class PublicLinkOptionsValidator : IValidateOptions<PublicLinkOptions>
{
    public ValidateOptionsResult Validate(string? name, PublicLinkOptions options) =>
        options.PublicUrl is null or "" || NotificationsOptionsValidator.IsHttpUrl(options.PublicUrl)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{PublicLinkOptions.SectionName}:PublicUrl '{options.PublicUrl}' is not an http or https address; for example: https://pxl.example.org.");
}
