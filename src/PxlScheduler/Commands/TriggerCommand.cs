using System.CommandLine;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Scheduling;
using Quartz;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl trigger NAME`: runs a schedule once now through the store — `serve` picks it up at its next
/// poll, still never two cycles at once. It runs even while the schedule is paused or halted.
/// </summary>
internal static class TriggerCommand
{
    public static Command Create(CliContext cli) => NamedScheduleCommand.Create(
        cli,
        "trigger",
        "Run a schedule once now (serve runs it within about a second; never concurrently).",
        async (store, job, cancellationToken) =>
        {
            await store.Scheduler.TriggerJob(job.Key, new JobDataMap { [CycleJobData.TriggerKindKey] = nameof(TriggerKind.Manual) }, cancellationToken);
            return $"triggered {job.Key.Name}; a running `pxl serve` starts it within about a second";
        });
}
