using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Hosting;

/// <summary>Turns what a host throws at start for bad configuration into the lines an operator needs.</summary>
internal static partial class StartupErrors
{
    /// <summary>The configuration errors in <paramref name="exception"/>, or null when it is not one.</summary>
    public static IReadOnlyList<string>? Describe(Exception exception) => exception switch
    {
        OptionsValidationException validation => validation.Failures.ToList(),
        ConfigurationFileException file => [file.Message],
        // Serilog reads its section when the logger is first made: "The value Loud is not a valid Serilog level."
        InvalidOperationException { Message: var message } when message.Contains("not a valid Serilog level", StringComparison.Ordinal) =>
            [$"Serilog: {message.TrimEnd('.')}; valid: Verbose, Debug, Information, Warning, Error, Fatal."],
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(e => Describe(e) ?? []).ToList() is { Count: > 0 } all ? all : null,
        // The configuration binder names the key it could not convert ("… at 'Cycle:TimeoutSeconds' to type …").
        InvalidOperationException { Message: var message } when message.Contains("configuration value", StringComparison.Ordinal) =>
            [Unconvertible(message) ?? message + (exception.InnerException is { } inner ? " " + inner.Message : "")],
        _ => null,
    };

    /// <summary>
    /// The binder's "Failed to convert configuration value '99999999999' at 'Cycle:TimeoutSeconds' to type
    /// 'System.Nullable`1[System.Int32]'" as the key, the value and what is valid, without the .NET type's name.
    /// </summary>
    private static string? Unconvertible(string message)
    {
        var match = BinderMessage().Match(message);
        if (!match.Success)
        {
            return null;
        }

        var (value, key) = (match.Groups["value"].Value, match.Groups["key"].Value);
        var valid = match.Groups["type"].Value switch
        {
            "System.Int32" or "System.Nullable`1[System.Int32]" when key.EndsWith("Seconds", StringComparison.Ordinal) =>
                $"a whole number of seconds, {Durations.Bound}",
            "System.Int32" or "System.Nullable`1[System.Int32]" => $"a whole number from {int.MinValue} to {int.MaxValue}",
            "System.Double" or "System.Nullable`1[System.Double]" => "a number",
            "System.Boolean" or "System.Nullable`1[System.Boolean]" => "true or false",
            _ => null,
        };
        return valid is null ? null : $"{key} must be {valid} (got '{value}').";
    }

    [GeneratedRegex("value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex BinderMessage();
}
