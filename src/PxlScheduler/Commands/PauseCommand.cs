using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core.Scheduling;

namespace PxlScheduler.Commands;

/// <summary>`pxl pause NAME`: pauses a schedule's triggers in the store; a running `serve` stops firing it at once.</summary>
internal static class PauseCommand
{
    public static Command Create(CliContext cli) => NamedScheduleCommand.Create(
        cli,
        "pause",
        "Pause a schedule in the store (works while serve runs); `pxl resume` lifts it.",
        async (store, job, cancellationToken) =>
        {
            await store.Services.GetRequiredService<ScheduleControl>()
                .PauseAsync(store.Scheduler, job.Key, $"{Environment.UserName} with pxl pause", cancellationToken);
            return $"paused {job.Key.Name}";
        });
}
