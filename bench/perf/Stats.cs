namespace PxlScheduler.Bench.Perf;

/// <summary>Order statistics over samples (nearest rank, as <c>pxl ledger stats</c> computes them).</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> samples, double percent)
    {
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyList<double> samples) => Percentile(samples, 50);
}
