using Microsoft.Extensions.Options;

namespace PxlScheduler.Core.Configuration;

/// <summary>Checks every entry of <c>Checks:Required</c> and <c>Checks:Optional</c>: exactly one of a program, a command or a path, and a positive timeout.</summary>
internal sealed class ChecksOptionsValidator : IValidateOptions<ChecksOptions>
{
    public ValidateOptionsResult Validate(string? name, ChecksOptions options)
    {
        var failures = new List<string>();
        Validate(failures, $"{ChecksOptions.SectionName}:{nameof(options.Required)}", options.Required);
        Validate(failures, $"{ChecksOptions.SectionName}:{nameof(options.Optional)}", options.Optional);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Validate(List<string> failures, string list, List<CheckOptions> checks)
    {
        for (var i = 0; i < checks.Count; i++)
        {
            var check = checks[i];
            var key = $"{list}:{i}";
            var kinds = new[] { (Key: nameof(check.Program), Value: check.Program), (Key: nameof(check.Command), Value: check.Command), (Key: nameof(check.Path), Value: check.Path) }
                .Where(k => !string.IsNullOrWhiteSpace(k.Value))
                .ToList();
            if (kinds.Count == 0)
            {
                failures.Add($"{key} needs one of Program (a program that must be installed), Command (a command that must exit 0) or Path (a file that must exist).");
            }
            else if (kinds.Count > 1)
            {
                failures.Add($"{key} sets {string.Join(" and ", kinds.Select(k => $"{k.Key} ('{k.Value}')"))}; a check is exactly one of Program, Command and Path.");
            }

            if (check.Executable && string.IsNullOrWhiteSpace(check.Path))
            {
                failures.Add($"{key}:Executable applies to a Path check only; a Program must always be executable, and a Command is started.");
            }

            if (check.Arguments.Count > 0 && string.IsNullOrWhiteSpace(check.Command))
            {
                failures.Add($"{key}:Arguments apply to a Command check only.");
            }

            Durations.Check(failures, $"{key}:TimeoutSeconds", check.TimeoutSeconds, allowZero: false);
        }
    }
}
