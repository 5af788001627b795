using System.Text.Json;
using System.Text;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Bench;

/// <summary>Writes a ledger of <c>count</c> plausible runs: five schedules, mostly successes, a run a minute per schedule.</summary>
internal static class LedgerGenerator
{
    private static readonly string[] Schedules = ["nightly", "hourly", "continuous", "adhoc", "maintenance"];

    public static void Write(string path, int count)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var random = new Random(42);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        var newline = "\n"u8.ToArray();
        for (var i = 0; i < count; i++)
        {
            var started = start.AddSeconds(i * 12 + random.Next(0, 5));
            var duration = random.Next(200, 60_000);
            var roll = random.Next(100);
            var status = roll < 90 ? "success" : roll < 96 ? "failure" : roll < 98 ? "timeout" : "cancelled";
            var record = new RunRecord
            {
                RunId = $"{started:yyyyMMdd'T'HHmmss'Z'}-{random.Next():x8}",
                Schedule = Schedules[i % Schedules.Length],
                Trigger = i % 5 == 3 ? "adhoc" : "cron",
                Mode = "experimental",
                Goal = "Explore the project and propose one small, safe improvement.",
                StartedAt = started,
                FinishedAt = started.AddMilliseconds(duration),
                DurationMs = duration,
                Status = status,
                ExitCode = status switch { "success" => 0, "failure" => 1, _ => null },
                ConsecutiveFailures = status == "success" ? 0 : 1,
                LogPath = $"logs/run_cycle/{started:yyyyMMdd'T'HHmmss}.log",
                DigestLines = random.Next(0, 3),
                Writes = random.Next(0, 4),
                Error = status == "timeout" ? "timed out after 1800 s" : null,
                Host = "build-1",
            };
            stream.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, LedgerJson.Line.RunRecord)));
            stream.Write(newline);
        }
    }
}
