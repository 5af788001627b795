namespace PxlScheduler.Core.Configuration;

/// <summary>
/// How long per-run logs are kept, how many, how much in all, and how big one may grow (SPEC 15). A limit of 0 is
/// no limit. Megabytes are MiB (1,048,576 bytes).
/// </summary>
/// <remarks>
/// The defaults keep a year of 10-minute cycles (52,560 runs, 52,704 in a leap year) with room for retries and
/// manual triggers, within 500 MB: about 9.7 KB a run for a whole year. A planner that prints more keeps fewer
/// days rather than more disk; one that prints a burst is cut to <see cref="MaxLogMegabytes"/>.
/// </remarks>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>A run log whose run started longer ago than this is pruned.</summary>
    public int MaxAgeDays { get; set; } = 366;

    /// <summary>The newest this many run logs are kept; older ones are pruned.</summary>
    public int MaxCount { get; set; } = 60_000;

    /// <summary>The newest run logs are kept while they add up to at most this; older ones are pruned.</summary>
    public int MaxTotalMegabytes { get; set; } = 500;

    /// <summary>One run's log past this has its middle cut: the header, the first and last parts, the footer kept.</summary>
    public int MaxLogMegabytes { get; set; } = 10;

    public long MaxTotalBytes => MaxTotalMegabytes * (long)Megabyte;

    public long MaxLogBytes => MaxLogMegabytes * (long)Megabyte;

    public const int Megabyte = 1024 * 1024;
}
