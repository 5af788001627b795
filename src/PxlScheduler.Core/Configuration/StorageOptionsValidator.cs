using Microsoft.Extensions.Options;

namespace PxlScheduler.Core.Configuration;

/// <summary>Checks the <c>Storage</c> section.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{StorageOptions.SectionName}:ConnectionString must be set (default: Data Source=state/pxl.db).");
        }

        if (options.Provider != StorageProvider.Sqlite)
        {
            failures.Add($"{StorageOptions.SectionName}:Provider '{options.Provider}' is not supported by this build; valid: Sqlite.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
