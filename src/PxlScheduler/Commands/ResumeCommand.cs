using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core.Scheduling;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl resume NAME`: resumes a paused or halted schedule, clearing the halt, the failure count and any
/// backoff window (SPEC 7). A running `serve` notices at its next poll, within about a second.
/// </summary>
internal static class ResumeCommand
{
    public static Command Create(CliContext cli) => NamedScheduleCommand.Create(
        cli,
        "resume",
        "Resume a paused or halted schedule and reset its failure count (works while serve runs).",
        async (store, job, cancellationToken) =>
        {
            var outcome = await store.Services.GetRequiredService<ScheduleControl>().ResumeAsync(store.Scheduler, job, cancellationToken);
            return outcome.HaltLifted is { } halt
                ? $"resumed {job.Key.Name}; halt lifted ({halt}); failure count reset from {outcome.FailuresCleared}"
                : $"resumed {job.Key.Name}; failure count reset from {outcome.FailuresCleared}";
        },
        ScheduleControl.ResumeRefusal);
}
