using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Reliability;

/// <summary>
/// The wall clock stepped back or forward while pxl runs (docs/operations.md, "Clock changes"): durations come from the
/// monotonic clock, run ids keep their order, and a backoff window never outlives the step.
/// </summary>
public sealed class ClockChangeTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void SteppedClock_StepWall_LeavesTheMonotonicClockAlone()
    {
        var clock = new SteppedClock(Noon);
        var before = clock.GetTimestamp();

        clock.StepWall(TimeSpan.FromHours(-1));

        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(Noon.AddHours(-1).AddSeconds(2), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(2), clock.GetElapsedTime(before));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task Cycle_WallClockSteppedMidCycle_DurationIsTheTimeThatPassedAndFinishedAtFollowsStartedAt(int stepHours)
    {
        var clock = new SteppedClock(Noon);
        var script = _ws.WriteScript("cycle.sh", "touch started; while [ ! -f go ]; do sleep 0.02; done");
        await using var services = Services(clock);
        var cycle = services.GetRequiredService<CycleService>().RunAsync(Request(script, services), CancellationToken.None);

        await Wait.UntilAsync(() => File.Exists(_ws.PathOf("started")) || cycle.IsCompleted, TimeSpan.FromSeconds(30), "the cycle to start");
        clock.Advance(TimeSpan.FromSeconds(2));
        clock.StepWall(TimeSpan.FromHours(stepHours));
        File.WriteAllText(_ws.PathOf("go"), "");
        var result = await cycle.WaitAsync(TimeSpan.FromSeconds(120)); // a hang fails; a slow machine waits

        Assert.Equal(CycleStatus.Success, result.Status);
        Assert.Equal(Noon, result.StartedAt);
        Assert.Equal(TimeSpan.FromSeconds(2), result.Duration);
        Assert.Equal(Noon.AddSeconds(2), result.FinishedAt);
        Assert.Contains("# duration_ms: 2000\n", File.ReadAllText(_ws.PathOf(result.LogPath)), StringComparison.Ordinal);
    }

    [Fact]
    public void RunIds_WallClockSteppedBackAnHour_StayUniqueAndNeverSortBeforeAnEarlierOne()
    {
        var clock = new SteppedClock(Noon);
        var source = new RunIdSource(clock);
        var ids = new List<string> { source.Next() };

        clock.StepWall(TimeSpan.FromHours(-1));
        for (var i = 0; i < 500; i++)
        {
            ids.Add(source.Next());
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
        var seconds = ids.Select(TimePart).ToList();
        Assert.Equal(seconds.Order(StringComparer.Ordinal), seconds);
        Assert.All(seconds, s => Assert.Equal("20261127T120000Z", s));

        // Once the wall clock is past the latest id again, ids carry it.
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("20261127T120005Z", TimePart(source.Next()));
    }

    [Fact]
    public void RunIds_WallClockSteppedForward_FollowIt()
    {
        var clock = new SteppedClock(Noon);
        var source = new RunIdSource(clock);
        var first = source.Next();

        clock.StepWall(TimeSpan.FromHours(1));

        Assert.Equal("20261127T120000Z", TimePart(first));
        Assert.Equal("20261127T130000Z", TimePart(source.Next()));
    }

    [Fact]
    public void BackoffWindow_WallClockSteppedBackAfterAFailure_EndsInsteadOfSilencingTheScheduleForTheStep()
    {
        var clock = new SteppedClock(Noon);
        var schedule = Some.CronSchedule();
        var verdict = FailurePolicy.Judge(schedule, 0, CycleStatus.Failure, "exit code 1", clock.GetUtcNow(), null);
        var until = verdict.NextFireAt!.Value;

        Assert.Equal(Noon.AddMinutes(1), until);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(Backoff.Holds(until, clock.GetUtcNow(), schedule.BackoffMax), "30 s into a 60 s window");

        // An hour back, the window would reach 60 min 30 s ahead: longer than any backoff, so it is over.
        clock.StepWall(TimeSpan.FromHours(-1));
        Assert.False(Backoff.Holds(until, clock.GetUtcNow(), schedule.BackoffMax));
    }

    [Fact]
    public void BackoffWindow_WallClockSteppedForward_EndsAtOnce()
    {
        var clock = new SteppedClock(Noon);
        var schedule = Some.CronSchedule();
        var until = FailurePolicy.Judge(schedule, 0, CycleStatus.Failure, null, clock.GetUtcNow(), null).NextFireAt!.Value;

        clock.StepWall(TimeSpan.FromHours(1));

        Assert.False(Backoff.Holds(until, clock.GetUtcNow(), schedule.BackoffMax));
    }

    [Theory]
    // Inside the window, up to the maximum ahead
    [InlineData(0, true)]
    [InlineData(299, true)]
    [InlineData(300, false)]
    // Further ahead than any backoff can reach: left by a clock stepped back
    [InlineData(-1, false)]
    [InlineData(-3600, false)]
    public void Holds_NowRelativeToAWindowOpenedAtTheMaximum(int secondsAfterOpening, bool holds)
    {
        var max = TimeSpan.FromMinutes(5);
        var until = Noon + max;

        Assert.Equal(holds, Backoff.Holds(until, Noon.AddSeconds(secondsAfterOpening), max));
    }

    private static string TimePart(string runId) => runId[..runId.IndexOf('-', StringComparison.Ordinal)];


    private ServiceProvider Services(TimeProvider clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddSingleton(new Workspace(_ws.Root));
        services.AddPxlScheduler();
        return services.BuildServiceProvider();
    }

    private static CycleRequest Request(string command, IServiceProvider services) => new(
        services.GetRequiredService<RunIdSource>().Next(),
        "adhoc",
        TriggerKind.Adhoc,
        "experimental",
        "goal",
        command,
        [],
        TimeSpan.FromMinutes(5),
        TimeSpan.FromSeconds(2),
        3);
}
