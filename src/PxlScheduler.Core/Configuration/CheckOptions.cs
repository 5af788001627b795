namespace PxlScheduler.Core.Configuration;

/// <summary>
/// One prerequisite check from configuration, one of three kinds: a program that must be installed
/// (<see cref="Program"/>: found on PATH and executable, nothing started — what a check before every cycle
/// should cost), a command that must exit 0 (<see cref="Command"/> with <see cref="Arguments"/>, started
/// without a shell), or a file that must exist (<see cref="Path"/>, executable when <see cref="Executable"/> is set).
/// </summary>
public sealed class CheckOptions
{
    /// <summary>What the check is called in tables and logs; defaults to its command line or path.</summary>
    public string? Name { get; set; }

    /// <summary>A program that must be installed: a name on PATH or a path (relative to the workspace root); it is not run.</summary>
    public string? Program { get; set; }

    /// <summary>An executable path (relative to the workspace root) or a name on PATH, run with <see cref="Arguments"/>.</summary>
    public string? Command { get; set; }

    public List<string> Arguments { get; set; } = [];

    /// <summary>A file or folder that must exist, relative to the workspace root unless absolute.</summary>
    public string? Path { get; set; }

    /// <summary>With <see cref="Path"/>: it must also be an executable file.</summary>
    public bool Executable { get; set; }

    /// <summary>What to do when the check fails ("install numpy: pip install numpy").</summary>
    public string? Hint { get; set; }

    /// <summary>Seconds a command check may take before it is killed and counted as failed.</summary>
    public int TimeoutSeconds { get; set; } = 10;
}
