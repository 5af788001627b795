using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;

namespace PxlScheduler.Core.Cycles;

/// <summary>Turns a schedule and what fired it into a concrete <see cref="CycleRequest"/>: goal, command and arguments resolved.</summary>
internal sealed class CycleRequestFactory(
    IOptions<CycleOptions> cycle,
    IOptions<ModesOptions> modes,
    Workspace workspace,
    RunIdSource runIds)
{
    public CycleRequest Create(ScheduleDefinition schedule, TriggerKind trigger)
    {
        if (!modes.Value.TryGetValue(schedule.Mode, out var mode))
        {
            throw new InvalidOperationException(
                $"Schedule '{schedule.Name}' uses unknown mode '{schedule.Mode}'; known: {CycleOptionsValidator.KnownModes(modes.Value)}.");
        }

        var runId = runIds.Next();
        var goal = schedule.Goal ?? mode.Goal;
        var command = schedule.Command ?? cycle.Value.Command;
        var template = schedule.Arguments ?? cycle.Value.Arguments;
        return new CycleRequest(
            runId,
            schedule.Name,
            trigger,
            schedule.Mode,
            goal,
            ResolveCommand(command),
            ArgumentTemplate.Expand(template, schedule.Mode, goal, schedule.CapWrites, runId),
            schedule.Timeout,
            TimeSpan.FromSeconds(cycle.Value.KillGraceSeconds),
            schedule.CapWrites);
    }

    // A bare name ("python3") is looked up on PATH by the process API; a path is taken from the workspace root.
    private string ResolveCommand(string command) =>
        command.Contains('/', StringComparison.Ordinal) ? workspace.Resolve(command) : command;
}
