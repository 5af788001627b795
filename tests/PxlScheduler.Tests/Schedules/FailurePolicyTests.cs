using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;

namespace PxlScheduler.Tests.Schedules;

public sealed class FailurePolicyTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Regular = End.AddMinutes(10);

    private static ScheduleDefinition Schedule(int maxFailures) => new()
    {
        Name = "s",
        Kind = ScheduleKind.Continuous,
        Mode = "experimental",
        Timeout = TimeSpan.FromMinutes(5),
        MaxFailures = maxFailures,
        BackoffBase = TimeSpan.FromSeconds(10),
        BackoffMax = TimeSpan.FromSeconds(25),
        CapWrites = 3,
    };

    [Fact]
    public void Judge_Success_ClearsCountAndKeepsRegularFire()
    {
        var verdict = FailurePolicy.Judge(Schedule(5), 3, CycleStatus.Success, null, End, Regular);

        Assert.Equal(new CycleVerdict(0, Regular, null), verdict);
    }

    [Fact]
    public void Judge_Cancelled_KeepsCountAndDoesNotHalt()
    {
        var verdict = FailurePolicy.Judge(Schedule(1), 0, CycleStatus.Cancelled, "cancelled", End, Regular);

        Assert.Equal(new CycleVerdict(0, Regular, null), verdict);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 20)]
    [InlineData(2, 25)]
    public void Judge_FailureBelowLimit_BacksOffFromTheEnd(int previous, int expectedSeconds)
    {
        var verdict = FailurePolicy.Judge(Schedule(5), previous, CycleStatus.Failure, "exit code 1", End, Regular);

        Assert.Equal(previous + 1, verdict.ConsecutiveFailures);
        Assert.Equal(End.AddSeconds(expectedSeconds), verdict.NextFireAt);
        Assert.False(verdict.Halted);
    }

    [Theory]
    [InlineData(CycleStatus.Failure)]
    [InlineData(CycleStatus.Timeout)]
    [InlineData(CycleStatus.StartFailed)]
    [InlineData(CycleStatus.PrereqFailed)]
    [InlineData(CycleStatus.WriteCapExceeded)]
    [InlineData(CycleStatus.Interrupted)]
    public void Judge_NthFailureAtLimit_Halts(CycleStatus status)
    {
        var verdict = FailurePolicy.Judge(Schedule(3), 2, status, "why", End, Regular);

        Assert.True(verdict.Halted);
        Assert.Equal(3, verdict.ConsecutiveFailures);
        Assert.Null(verdict.NextFireAt);
        Assert.Contains(status.ToWire(), verdict.HaltReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_MaxFailuresZero_NeverHalts()
    {
        var verdict = FailurePolicy.Judge(Schedule(0), 10_000, CycleStatus.Failure, null, End, Regular);

        Assert.False(verdict.Halted);
        Assert.Equal(End.AddSeconds(25), verdict.NextFireAt);
    }
}
