namespace PxlScheduler.Core.Processes;

/// <summary>
/// A command line as people read it in logs: each argument single-quoted when it needs to be.
/// For display only — the command itself is always started with an argument list, never through a shell.
/// </summary>
public static class CommandLine
{
    public static string Display(string command, IReadOnlyList<string> arguments) =>
        string.Join(' ', new[] { command }.Concat(arguments).Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
