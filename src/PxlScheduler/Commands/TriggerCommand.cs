using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core.Scheduling;
using PxlScheduler.Core.Storage;

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
            await store.Services.GetRequiredService<ScheduleControl>().TriggerAsync(store.Scheduler, job.Key, cancellationToken);
            var database = store.Services.GetRequiredService<LedgerDatabase>();
            var stopFile = store.Services.GetRequiredService<StopFile>();
            // Say when it will really run: a queued trigger waits for serve, and the stop file vetoes it.
            var when = database.Topology.ServeSeenLocally && !ServeLock.IsHeld(database.Topology.ServeLockPath)
                ? "no `pxl serve` runs on this store now; it runs when one starts"
                : "a running `pxl serve` starts it within about a second";
            return stopFile.IsPresent
                ? $"triggered {job.Key.Name}; {when}, but the stop file {stopFile.Display} exists: that fire will be skipped"
                : $"triggered {job.Key.Name}; {when}";
        });
}
