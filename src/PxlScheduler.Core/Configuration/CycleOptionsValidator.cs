using Microsoft.Extensions.Options;

namespace PxlScheduler.Core.Configuration;

/// <summary>Checks the <c>Cycle</c> section, naming every bad key with its value and what would be valid.</summary>
internal sealed class CycleOptionsValidator(IOptions<ModesOptions> modes) : IValidateOptions<CycleOptions>
{
    public ValidateOptionsResult Validate(string? name, CycleOptions options)
    {
        const string S = CycleOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Command))
        {
            failures.Add($"{S}:Command must name the cycle command (for example tools/run_cycle.sh).");
        }

        Durations.Check(failures, $"{S}:TimeoutSeconds", options.TimeoutSeconds, allowZero: false);
        Durations.Check(failures, $"{S}:KillGraceSeconds", options.KillGraceSeconds, allowZero: true);
        NotNegative(failures, $"{S}:MaxFailures", options.MaxFailures);
        Durations.Check(failures, $"{S}:BackoffMaxSeconds", options.BackoffMaxSeconds, allowZero: false);
        if (options.BackoffBaseSeconds is { } backoffBase)
        {
            Durations.Check(failures, $"{S}:BackoffBaseSeconds", backoffBase, allowZero: false);
        }

        NotNegative(failures, $"{S}:CapWrites", options.CapWrites);
        foreach (var (i, problem) in ArgumentTemplate.Problems(options.Arguments))
        {
            failures.Add($"{S}:Arguments:{i} {problem}.");
        }

        if (!modes.Value.ContainsKey(options.DefaultMode))
        {
            failures.Add($"{S}:DefaultMode '{options.DefaultMode}' is not a known mode; known: {KnownModes(modes.Value)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static string KnownModes(ModesOptions modes) =>
        modes.Count == 0 ? "(none configured under Modes)" : string.Join(", ", modes.Keys.Order(StringComparer.Ordinal));

    internal static void NotNegative(List<string> failures, string key, int value)
    {
        if (value < 0)
        {
            failures.Add($"{key} must be 0 or more (got {value}).");
        }
    }
}
