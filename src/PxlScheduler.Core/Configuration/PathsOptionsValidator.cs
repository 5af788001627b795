using Microsoft.Extensions.Options;

namespace PxlScheduler.Core.Configuration;

/// <summary>Checks that every entry of <c>Paths</c> names a path.</summary>
internal sealed class PathsOptionsValidator : IValidateOptions<PathsOptions>
{
    public ValidateOptionsResult Validate(string? name, PathsOptions options)
    {
        var entries = new (string Key, string Value)[]
        {
            (nameof(options.Ledger), options.Ledger),
            (nameof(options.RunLogs), options.RunLogs),
            (nameof(options.Latest), options.Latest),
            (nameof(options.Digests), options.Digests),
            (nameof(options.DigestArchives), options.DigestArchives),
            (nameof(options.StopFile), options.StopFile),
            (nameof(options.Schedules), options.Schedules),
            (nameof(options.Sandbox), options.Sandbox),
            (nameof(options.InFlight), options.InFlight),
        };
        var failures = entries
            .Where(e => string.IsNullOrWhiteSpace(e.Value) || e.Value.Contains('\0', StringComparison.Ordinal))
            .Select(e => $"{PathsOptions.SectionName}:{e.Key} must be a path (got '{e.Value}').")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
