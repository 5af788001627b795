using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Notifications;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl notify test NAME`: one test event through one channel, now, and what its receiver answered (exit 0 when it
/// took it, 1 when not); `pxl notify list [--failed]`: the outbox, newest first (SPEC 14). Neither prints a secret.
/// </summary>
internal static class NotifyCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("notify", "Try a notification channel, and see what the outbox delivered, is retrying or gave up.");
        command.Subcommands.Add(Test(cli));
        command.Subcommands.Add(List(cli));
        return command;
    }

    private static Command Test(CliContext cli)
    {
        var name = new Argument<string>("NAME") { Description = "The channel's Name in Notifications:Channels." };
        var command = new Command("test", "Send a test event through one channel and print what the receiver answered.") { name };
        command.SetAction((parse, cancellationToken) => cli.WithServicesAsync(async (services, ct) =>
        {
            var routing = services.GetRequiredService<ChannelRouting>();
            var channelName = parse.GetValue(name)!;
            if (routing.Find(channelName) is not { } channel)
            {
                return cli.UsageError([$"no channel named '{channelName}' in {NotificationsOptions.SectionName}:Channels; known: {(routing.Names.Count == 0 ? "none" : string.Join(", ", routing.Names))}."]);
            }

            var notification = services.GetRequiredService<NotificationEvents>().Test(channel.Name);
            var sender = services.GetServices<IChannelSender>().First(s => string.Equals(s.Type, channel.Type, StringComparison.OrdinalIgnoreCase));
            var answer = await sender.SendAsync(channel, notification, NotificationJson.Serialize(notification), ct);
            cli.Output.WriteLine($"channel {channel.Name} ({sender.Type}): {(answer.Delivered ? "delivered" : "NOT delivered")}, event {notification.Id}");
            cli.Output.WriteLine($"answer: {answer.Answer}");
            return answer.Delivered ? ExitCodes.Success : ExitCodes.Failure;
        }, cancellationToken));
        return command;
    }

    private static Command List(CliContext cli)
    {
        var failed = new Option<bool>("--failed") { Description = "Only the notifications given up after Notifications:RetryForMinutes." };
        var count = new Option<int>("-n", "--lines") { Description = "How many rows, newest first.", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "The notification outbox: id, event, channel, state, attempts, next attempt, last error.") { failed, count };
        command.SetAction((parse, cancellationToken) => cli.WithServicesAsync(async (services, ct) =>
        {
            var n = parse.GetValue(count);
            if (n < 1)
            {
                return cli.UsageError([$"-n must be 1 or more (got {n.ToString(CultureInfo.InvariantCulture)})."]);
            }

            await services.GetRequiredService<LedgerDatabase>().EnsureSchemaAsync(ct);
            var rows = await services.GetRequiredService<Outbox>().ListAsync(parse.GetValue(failed), n, ct);
            if (rows.Count == 0)
            {
                cli.Output.WriteLine(parse.GetValue(failed) ? "no failed notifications" : "the outbox is empty");
                return ExitCodes.Success;
            }

            cli.Output.WriteLine($"{"event id",-36}  {"event",-16}  {"schedule",-12}  {"channel",-12}  {"state",-9}  {"tries",5}  {"next attempt",-24}  last error");
            foreach (var row in rows)
            {
                var next = row.State == OutboxStates.Pending ? UtcInstantConverter.ToText(row.NextAttemptAt) : "-";
                cli.Output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{row.EventId,-36}  {row.Event,-16}  {row.Schedule,-12}  {row.Channel,-12}  {row.State,-9}  {row.Attempts,5}  {next,-24}  {row.LastError ?? "-"}"));
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
