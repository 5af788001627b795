using System.CommandLine;
using Quartz;

namespace PxlScheduler.Commands;

/// <summary>
/// The shape of `pause`, `resume` and `trigger`: one schedule NAME, looked up in the store (an unknown
/// name exits 2 listing the known ones), one change made, one line printed; or, when the command refuses
/// that schedule, nothing changed and exit 2.
/// </summary>
internal static class NamedScheduleCommand
{
    public static Command Create(
        CliContext cli,
        string name,
        string description,
        Func<StoreSession, IJobDetail, CancellationToken, Task<string>> change,
        Func<IJobDetail, string?>? refusal = null)
    {
        var schedule = new Argument<string>("NAME") { Description = "The schedule's name (its file name under schedules/)." };
        var command = new Command(name, description) { schedule };
        command.SetAction((parse, cancellationToken) => StoreSession.RunAsync(cli, async (store, cancellationToken) =>
        {
            if (await store.FindScheduleAsync(cli, parse.GetValue(schedule)!, cancellationToken) is not { } job)
            {
                return ExitCodes.UsageError;
            }

            if (refusal?.Invoke(job) is { } reason)
            {
                return cli.UsageError([reason]);
            }

            cli.Output.WriteLine(await change(store, job, cancellationToken));
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
