namespace PxlScheduler.Core.Processes;

/// <summary>
/// A child process to start without a shell: the executable, its arguments as a list (each passed
/// byte for byte), the working directory, extra environment variables, the time limits and, for a command that
/// reads one, its standard input (null: closed at once).
/// </summary>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    TimeSpan Timeout,
    TimeSpan KillGrace,
    string? StandardInput = null);
