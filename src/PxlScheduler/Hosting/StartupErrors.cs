using Microsoft.Extensions.Options;

namespace PxlScheduler.Hosting;

/// <summary>Turns what a host throws at start for bad configuration into the lines an operator needs.</summary>
internal static class StartupErrors
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
            [message + (exception.InnerException is { } inner ? " " + inner.Message : "")],
        _ => null,
    };
}
