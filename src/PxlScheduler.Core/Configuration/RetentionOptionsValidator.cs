using System.Globalization;
using Microsoft.Extensions.Options;

namespace PxlScheduler.Core.Configuration;

/// <summary>Checks the <c>Retention</c> section: every limit within its range, naming the key, the range and the value.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    /// <summary>A century: past it the age rule keeps everything, and a larger number is a typo.</summary>
    public const int MaxAgeDaysLimit = 36_500;

    public const int MaxCountLimit = 10_000_000;

    /// <summary>16 TiB.</summary>
    public const int MaxTotalMegabytesLimit = 16 * 1024 * 1024;

    /// <summary>1 GiB: half of a run log's cap is held in memory while the run prints past the first half.</summary>
    public const int MaxLogMegabytesLimit = 1024;

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        const string S = RetentionOptions.SectionName;
        var failures = new List<string>();
        InRange(failures, $"{S}:MaxAgeDays", options.MaxAgeDays, MaxAgeDaysLimit, "days");
        InRange(failures, $"{S}:MaxCount", options.MaxCount, MaxCountLimit, "run logs");
        InRange(failures, $"{S}:MaxTotalMegabytes", options.MaxTotalMegabytes, MaxTotalMegabytesLimit, "MB");
        InRange(failures, $"{S}:MaxLogMegabytes", options.MaxLogMegabytes, MaxLogMegabytesLimit, "MB");
        if (options.MaxTotalMegabytes > 0 && options.MaxLogMegabytes is > 0 and <= MaxLogMegabytesLimit && options.MaxTotalMegabytes < options.MaxLogMegabytes)
        {
            failures.Add(
                $"{S}:MaxTotalMegabytes ({options.MaxTotalMegabytes}) must be at least {S}:MaxLogMegabytes ({options.MaxLogMegabytes}): " +
                "a single run's log may grow to that.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void InRange(List<string> failures, string key, int value, int limit, string unit)
    {
        if (value < 0 || value > limit)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must be between 0 (no limit) and {limit:N0} {unit} (got {value})."));
        }
    }
}
