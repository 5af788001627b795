using System.CommandLine;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Scheduling;
using PxlScheduler.Hosting;
using Quartz;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl trigger NAME`: runs a schedule once now through the store — `serve` picks it up at its next
/// poll, still never two cycles at once. It runs even while the schedule is paused or halted.
/// </summary>
internal static class TriggerCommand
{
    public static Command Create(CliContext cli)
    {
        var name = new Argument<string>("NAME") { Description = "The schedule to run once now." };
        var command = new Command("trigger", "Run a schedule once now (serve runs it within about a second; never concurrently).") { name };
        command.SetAction((parse, cancellationToken) => StoreSession.RunAsync(cli, async (store, cancellationToken) =>
        {
            if (await store.FindScheduleAsync(cli, parse.GetValue(name)!, cancellationToken) is not { } job)
            {
                return ExitCodes.UsageError;
            }

            await store.Scheduler.TriggerJob(job.Key, new JobDataMap { [CycleJobData.TriggerKindKey] = nameof(TriggerKind.Manual) }, cancellationToken);
            cli.Output.WriteLine($"triggered {job.Key.Name}; a running `pxl serve` starts it within about a second");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
