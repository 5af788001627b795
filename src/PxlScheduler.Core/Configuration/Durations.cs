using System.Globalization;

namespace PxlScheduler.Core.Configuration;

/// <summary>
/// The one bound on every duration pxl accepts — a cycle's timeout and kill grace, a sleep, a backoff, a check's
/// timeout — wherever it comes from (a flag, a configuration key, a schedule file), and the words that name it.
/// </summary>
/// <remarks>
/// The timers behind them (<see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>, a
/// <see cref="CancellationTokenSource"/> with a delay, the host's shutdown timeout) take at most
/// <see cref="int.MaxValue"/> milliseconds on some paths, so that is the bound, in whole seconds: 2,147,483 s,
/// 24.8 days. A larger value used to reach a timer and throw there ("ArgumentOutOfRange 'delay'") with the run
/// unrecorded; now it is refused at start naming the flag, key or field.
/// </remarks>
internal static class Durations
{
    /// <summary>The longest duration accepted, in whole seconds.</summary>
    public const int MaxSeconds = int.MaxValue / 1000;

    // Initialised in text order: Max, then MaxDays, then Bound.
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(MaxSeconds);

    /// <summary>The bound in days, rounded down so that it never promises more than is accepted: 24.8.</summary>
    public static string MaxDays { get; } = (Math.Floor(Max.TotalDays * 10) / 10).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>How the bound reads in an error: "at most 2147483 s (24.8 days)".</summary>
    public static string Bound { get; } = string.Create(CultureInfo.InvariantCulture, $"at most {MaxSeconds} s ({MaxDays} days)");

    /// <summary>What is wrong with <paramref name="seconds"/> as a duration, or null when it is valid.</summary>
    public static string? Problem(double seconds, bool allowZero)
    {
        if (double.IsNaN(seconds) || seconds < 0 || (!allowZero && seconds == 0))
        {
            return allowZero ? "must be 0 or more" : "must be greater than 0";
        }

        return seconds > MaxSeconds ? $"must be {Bound}" : null;
    }

    /// <summary>The same check for a configuration key: "Cycle:TimeoutSeconds must be … (got 2147483647)."</summary>
    public static void Check(List<string> failures, string key, double seconds, bool allowZero)
    {
        if (Problem(seconds, allowZero) is { } problem)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key} {problem}, in seconds (got {seconds})."));
        }
    }

    /// <summary><paramref name="duration"/>, or <see cref="Max"/> when it is longer (a sum of valid durations can pass the bound).</summary>
    public static TimeSpan AtMost(TimeSpan duration) => duration > Max ? Max : duration;
}
