using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace PxlScheduler.Core.Configuration;

/// <summary>Checks every mode under <c>Modes</c>: a goal to pursue and sane overrides.</summary>
/// <remarks>
/// The configuration binder drops a dictionary entry whose value it cannot convert without a word (a mode's
/// <c>CapWrites: 1e308</c> would leave the mode as it was), so the overrides' text is read here as well.
/// </remarks>
internal sealed class ModesOptionsValidator(IConfiguration configuration) : IValidateOptions<ModesOptions>
{
    private static readonly string[] WholeNumberKeys = [nameof(ModeOptions.TimeoutSeconds), nameof(ModeOptions.CapWrites)];

    public ValidateOptionsResult Validate(string? name, ModesOptions options)
    {
        var failures = new List<string>();
        foreach (var mode in configuration.GetSection(ModesOptions.SectionName).GetChildren())
        {
            foreach (var field in WholeNumberKeys)
            {
                if (mode[field] is { } text && !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    failures.Add($"{ModesOptions.SectionName}:{mode.Key}:{field} must be a whole number, 0 or more (got '{text}').");
                }
            }
        }

        if (options.Count == 0)
        {
            failures.Add($"{ModesOptions.SectionName} must define at least one mode (for example \"experimental\": {{ \"Goal\": \"…\" }}).");
        }

        foreach (var (mode, settings) in options)
        {
            var key = $"{ModesOptions.SectionName}:{mode}";
            if (string.IsNullOrWhiteSpace(settings.Goal))
            {
                failures.Add($"{key}:Goal must be a non-empty goal text.");
            }

            if (settings.TimeoutSeconds is { } timeout)
            {
                Durations.Check(failures, $"{key}:TimeoutSeconds", timeout, allowZero: false);
            }

            if (settings.CapWrites is { } cap)
            {
                CycleOptionsValidator.NotNegative(failures, $"{key}:CapWrites", cap);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
