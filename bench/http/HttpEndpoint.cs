namespace PxlScheduler.Bench.Http;

/// <summary>A path the bench times, the fixture it is timed on, and its goal for the p99 latency.</summary>
internal sealed record HttpEndpoint(string Path, string Over, double GoalP99Ms)
{
    /// <summary>
    /// What is timed, in order, over a ledger of <paramref name="runs"/> runs: add a row to time another path.
    /// Every path is timed on the same serve, over the same fixture (<see cref="HttpFixture"/>).
    /// </summary>
    public static IReadOnlyList<HttpEndpoint> All(long runs) =>
    [
        new("/api/v1/schedules", "100 schedules", 20),
        new("/metrics", $"100 schedules, {runs:N0}-run ledger", 50),
        // The dashboard's overview: each schedule's last 30 runs and sparkline from the SQL mirror (issue 16's goal is
        // its server time; the time a client sees, timed here, is an upper bound of it).
        new("/", $"the dashboard's overview, 100 schedules, {runs:N0}-run ledger", 100),
    ];
}
