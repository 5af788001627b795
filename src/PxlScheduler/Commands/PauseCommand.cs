using System.CommandLine;
using PxlScheduler.Core.Scheduling;
using PxlScheduler.Hosting;
using Quartz;

namespace PxlScheduler.Commands;

/// <summary>`pxl pause NAME`: pauses a schedule's triggers in the store; a running `serve` stops firing it at once.</summary>
internal static class PauseCommand
{
    public static Command Create(CliContext cli)
    {
        var name = new Argument<string>("NAME") { Description = "The schedule to pause." };
        var command = new Command("pause", "Pause a schedule in the store (works while serve runs); `pxl resume` lifts it.") { name };
        command.SetAction((parse, cancellationToken) => StoreSession.RunAsync(cli, async (store, cancellationToken) =>
        {
            if (await store.FindScheduleAsync(cli, parse.GetValue(name)!, cancellationToken) is not { } job)
            {
                return ExitCodes.UsageError;
            }

            await store.Scheduler.PauseJobWith(
                job.Key,
                new PauseDetails { Reason = $"paused by {Environment.UserName} with pxl pause", RequestedBy = PauseRequesters.Operator },
                cancellationToken);
            cli.Output.WriteLine($"paused {job.Key.Name}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
