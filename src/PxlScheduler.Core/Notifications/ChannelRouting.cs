using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Core.Notifications;

/// <summary>
/// Which channels receive an event: those whose <c>Events</c> name it (by default halted, recovered, overdue and
/// start_failed), narrowed by the schedule file's <c>notify</c> — absent: every channel; a list: those; false: none.
/// </summary>
internal sealed class ChannelRouting(IOptions<NotificationsOptions> options)
{
    public IReadOnlyList<string> For(string eventName, IReadOnlyList<string>? scheduleChannels) =>
        [.. options.Value.Channels
            .Where(c => scheduleChannels is null || scheduleChannels.Contains(c.Name, StringComparer.OrdinalIgnoreCase))
            .Where(c => Receives(c, eventName))
            .Select(c => c.Name)];

    /// <summary>The channel named <paramref name="name"/>, or null.</summary>
    public NotificationChannelOptions? Find(string name) =>
        options.Value.Channels.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<string> Names => [.. options.Value.Channels.Select(c => c.Name)];

    private static bool Receives(NotificationChannelOptions channel, string eventName) =>
        (channel.Events.Count == 0 ? NotificationChannelOptions.DefaultEvents : channel.Events.Select(NotificationEventNames.Normalize))
            .Contains(eventName, StringComparer.Ordinal);
}
