using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;
using PxlScheduler.Core.Scheduling;
using PxlScheduler.Tests.Support;
using Quartz;

namespace PxlScheduler.Tests.Scheduling;

public sealed class ScheduleStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static ScheduleDefinition Cron() => Some.CronSchedule() with { MaxFailures = 3, BackoffMax = TimeSpan.FromHours(1) };

    private static ScheduleDefinition Continuous() => Cron() with { Kind = ScheduleKind.Continuous, Cron = null, Sleep = TimeSpan.FromSeconds(600) };

    [Fact]
    public void State_survives_the_job_data_map()
    {
        var map = new JobDataMap();
        var state = new ScheduleState(2, "halted after 2 failures", Now.AddMinutes(4));
        state.WriteTo(map);
        Assert.Equal(state, ScheduleState.Read(map));
        ScheduleState.Clear.WriteTo(map);
        Assert.Equal(ScheduleState.Clear, ScheduleState.Read(map));
    }

    [Fact]
    public void Empty_job_data_reads_as_a_clear_state() =>
        Assert.Equal(ScheduleState.Clear, ScheduleState.Read(new JobDataMap()));

    // A cron failure that does not halt opens a window until its retry; a success or a halt closes it.
    [Fact]
    public void Cron_failure_opens_the_backoff_window_until_the_retry()
    {
        var retry = Now.AddMinutes(1);
        var after = ScheduleState.Clear.After(new CycleVerdict(1, retry, null), ScheduleKind.Cron, CycleStatus.Failure);
        Assert.Equal(new ScheduleState(1, null, retry), after);
        Assert.True(after.BacksOff(Now, Cron()));
        Assert.Null(after.After(new CycleVerdict(0, null, null), ScheduleKind.Cron, CycleStatus.Success).BackoffUntil);
        Assert.Null(after.After(new CycleVerdict(3, retry, "3 consecutive failures"), ScheduleKind.Cron, CycleStatus.Failure).BackoffUntil);
    }

    [Fact]
    public void Cancelled_cycle_keeps_the_window_it_had()
    {
        var state = new ScheduleState(1, null, Now.AddMinutes(1));
        Assert.Equal(state.BackoffUntil, state.After(new CycleVerdict(1, null, null), ScheduleKind.Cron, CycleStatus.Cancelled).BackoffUntil);
    }

    [Fact]
    public void Continuous_schedule_keeps_no_window_of_its_own() =>
        Assert.Null(ScheduleState.Clear.After(new CycleVerdict(1, Now.AddMinutes(1), null), ScheduleKind.Continuous, CycleStatus.Failure).BackoffUntil);

    [Fact]
    public void Manual_run_of_a_halted_schedule_keeps_the_halt() =>
        Assert.Equal("stuck", new ScheduleState(3, "stuck", null).After(new CycleVerdict(0, null, null), ScheduleKind.Cron, CycleStatus.Success).HaltReason);

    // Explain: first match wins — halted, disabled, paused, stopped by stop file, running, backing off, normal.
    [Fact]
    public void Halt_wins_over_every_other_state()
    {
        var condition = new ScheduleState(3, "3 consecutive failures", null)
            .Explain(Cron(), TriggerState.Paused, new PauseInfo("x", PauseRequesters.Halt, Now), "state/run_cycle.stop", Now, null);
        Assert.Equal(new ScheduleCondition(ScheduleCondition.Halted, "3 consecutive failures"), condition);
        Assert.True(condition.Held);
    }

    [Theory]
    [InlineData(PauseRequesters.Disabled, ScheduleCondition.Disabled)]
    [InlineData(PauseRequesters.Operator, ScheduleCondition.Paused)]
    public void Pause_says_who_asked_for_it(string requestedBy, string expected) =>
        Assert.Equal(expected, ScheduleState.Clear.Explain(Cron(), TriggerState.Paused, new PauseInfo("r", requestedBy, Now), null, Now, null).State);

    [Fact]
    public void Stop_file_names_itself_before_running() =>
        Assert.Equal(
            new ScheduleCondition(ScheduleCondition.StoppedByStopFile, "state/run_cycle.stop"),
            ScheduleState.Clear.Explain(Cron(), TriggerState.Blocked, null, "state/run_cycle.stop", Now, null));

    [Fact]
    public void Running_when_the_trigger_is_blocked_by_its_run() =>
        Assert.Equal(ScheduleCondition.Running, ScheduleState.Clear.Explain(Cron(), TriggerState.Blocked, null, null, Now, null).State);

    [Fact]
    public void Cron_backing_off_says_until_when()
    {
        var condition = new ScheduleState(2, null, Now.AddMinutes(2)).Explain(Cron(), TriggerState.Normal, null, null, Now, Now.AddHours(14));
        Assert.Equal("backing off until 2026-12-02T12:02:00.000Z", condition.State);
        Assert.Equal("2 consecutive failure(s)", condition.Reason);
        Assert.False(condition.Held);
    }

    [Fact]
    public void Continuous_backing_off_is_read_from_its_next_fire()
    {
        Assert.Equal(
            "backing off until 2026-12-02T12:04:00.000Z",
            new ScheduleState(1, null, null).Explain(Continuous(), TriggerState.Normal, null, null, Now, Now.AddMinutes(4)).State);
        Assert.Equal(ScheduleCondition.Normal, ScheduleState.Clear.Explain(Continuous(), TriggerState.Normal, null, null, Now, Now.AddMinutes(4)).State);
    }

    // Hold: what the store sync keeps when the files are read again.
    [Fact]
    public void Halt_holds_even_when_its_pause_never_reached_the_store()
    {
        var hold = new ScheduleState(3, "3 consecutive failures", null).Hold(paused: false, pause: null);
        Assert.Equal(PauseRequesters.Halt, hold?.RequestedBy);
        Assert.Equal("3 consecutive failures", hold?.Reason);
    }

    [Fact]
    public void Operator_pause_is_kept_and_a_running_schedule_has_no_hold()
    {
        Assert.Equal(PauseRequesters.Operator, ScheduleState.Clear.Hold(paused: true, new PauseInfo("paused by ops", PauseRequesters.Operator, Now))?.RequestedBy);
        Assert.Null(ScheduleState.Clear.Hold(paused: false, pause: null));
    }
}
