using System.Diagnostics;
using PxlScheduler.Bench.Perf;

namespace PxlScheduler.Bench.Http;

/// <summary>
/// Times one path as a client sees it: a real HttpClient on one kept-alive connection, a warm-up, then sequential
/// requests, each from sending to the last byte of the body read; p50, p99 and max in milliseconds.
/// </summary>
internal static class Latency
{
    public static async Task<Figure> MeasureAsync(HttpClient client, HttpEndpoint endpoint, int warmUp, int requests)
    {
        BenchContext.Note($"GET {endpoint.Path}: {warmUp} warm-up requests, then {requests} timed");
        var bytes = 0L;
        for (var i = 0; i < warmUp; i++)
        {
            bytes = await GetAsync(client, endpoint.Path);
        }

        var samples = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var clock = Stopwatch.StartNew();
            await GetAsync(client, endpoint.Path);
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        var p99 = Stats.Percentile(samples, 99);
        return new Figure(
            $"`GET {endpoint.Path}`, {endpoint.Over} ({bytes / 1024.0:0.0} KB), {requests} sequential requests",
            $"p50 {Stats.Median(samples):0.0} ms, p99 {p99:0.0} ms, max {samples.Max():0.0} ms",
            "",
            "",
            $"p99 ≤ {endpoint.GoalP99Ms:0} ms",
            p99 <= endpoint.GoalP99Ms);
    }

    private static async Task<long> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        }

        return body.Length;
    }
}
