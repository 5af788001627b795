namespace PxlScheduler.Core.Processes;

/// <summary>
/// A child process to start without a shell: the executable, its arguments as a list (each passed
/// byte for byte), the working directory, extra environment variables and the time limits.
/// </summary>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    TimeSpan Timeout,
    TimeSpan KillGrace);
