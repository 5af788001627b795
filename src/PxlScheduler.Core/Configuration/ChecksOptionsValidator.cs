using Microsoft.Extensions.Options;

namespace PxlScheduler.Core.Configuration;

/// <summary>Checks every entry of <c>Checks:Required</c> and <c>Checks:Optional</c>: exactly one of a command or a path, and a positive timeout.</summary>
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
            var hasCommand = !string.IsNullOrWhiteSpace(check.Command);
            var hasPath = !string.IsNullOrWhiteSpace(check.Path);
            if (!hasCommand && !hasPath)
            {
                failures.Add($"{key}:Command must be set (or {key}:Path, for a file that must exist).");
            }
            else if (hasCommand && hasPath)
            {
                failures.Add($"{key} sets both Command ('{check.Command}') and Path ('{check.Path}'); a check is one or the other.");
            }

            if (hasCommand && check.Executable)
            {
                failures.Add($"{key}:Executable applies to a Path check only; a Command is always started.");
            }

            if (hasPath && check.Arguments.Count > 0)
            {
                failures.Add($"{key}:Arguments apply to a Command check only.");
            }

            Durations.Check(failures, $"{key}:TimeoutSeconds", check.TimeoutSeconds, allowZero: false);
        }
    }
}
