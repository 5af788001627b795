using Microsoft.Extensions.Options;

namespace PxlScheduler.Core.Configuration;

/// <summary>Checks every mode under <c>Modes</c>: a goal to pursue and sane overrides.</summary>
internal sealed class ModesOptionsValidator : IValidateOptions<ModesOptions>
{
    public ValidateOptionsResult Validate(string? name, ModesOptions options)
    {
        var failures = new List<string>();
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
