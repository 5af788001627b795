using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PxlScheduler.Core.Configuration;

/// <summary>Checks the <c>Notifications</c> section: every channel's name, type, events and the keys its type needs. Never quotes a secret.</summary>
internal sealed partial class NotificationsOptionsValidator : IValidateOptions<NotificationsOptions>
{
    public static readonly IReadOnlyList<string> Types = ["webhook", "command", "email"];

    public static readonly IReadOnlyList<string> Formats = ["pxl", "alertmanager", "slack"];

    public ValidateOptionsResult Validate(string? name, NotificationsOptions options)
    {
        var failures = new List<string>();
        var section = NotificationsOptions.SectionName;
        Range(failures, $"{section}:RetryForMinutes", options.RetryForMinutes, 7 * 24 * 60, "60");
        Range(failures, $"{section}:RetryBaseSeconds", options.RetryBaseSeconds, 3600, "10");
        Range(failures, $"{section}:RetryMaxSeconds", options.RetryMaxSeconds, 24 * 3600, "600");
        Range(failures, $"{section}:PollSeconds", options.PollSeconds, 3600, "1");
        Range(failures, $"{section}:OverdueGraceSeconds", options.OverdueGraceSeconds, 7 * 24 * 3600, "300");
        Range(failures, $"{section}:OverdueCheckSeconds", options.OverdueCheckSeconds, 24 * 3600, "60");
        Range(failures, $"{section}:KeepDays", options.KeepDays, 3660, "30");

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Channels.Count; i++)
        {
            var channel = options.Channels[i];
            var key = $"{section}:Channels:{i.ToString(CultureInfo.InvariantCulture)}";
            if (!NamePattern().IsMatch(channel.Name ?? ""))
            {
                failures.Add($"{key}:Name '{channel.Name}' is not valid: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
            }
            else if (!names.Add(channel.Name!))
            {
                failures.Add($"{key}:Name '{channel.Name}' is already the name of another channel; names must be unique.");
            }

            foreach (var (j, e) in channel.Events.Select((e, j) => (j, e)))
            {
                if (NotificationEventNames.Normalize(e) is null)
                {
                    failures.Add($"{key}:Events:{j.ToString(CultureInfo.InvariantCulture)} '{e}' is not an event; valid: {string.Join(", ", NotificationEventNames.All)}.");
                }
            }

            if (!(channel.TimeoutSeconds is > 0 and <= 600))
            {
                failures.Add($"{key}:TimeoutSeconds must be more than 0 and at most 600 seconds (default: 10).");
            }

            switch (channel.Type?.ToLowerInvariant())
            {
                case "webhook":
                    Webhook(failures, key, channel);
                    break;
                case "command":
                    if (string.IsNullOrWhiteSpace(channel.Command))
                    {
                        failures.Add($"{key}:Command must be set for a command channel (a program, started without a shell; the event JSON arrives on its stdin).");
                    }

                    break;
                case "email":
                    Email(failures, key, channel);
                    break;
                default:
                    failures.Add($"{key}:Type '{channel.Type}' is not a channel type; valid: {string.Join(", ", Types)}.");
                    break;
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Whether <paramref name="url"/> is an absolute http or https address.</summary>
    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static void Webhook(List<string> failures, string key, NotificationChannelOptions channel)
    {
        if (!IsHttpUrl(channel.Url))
        {
            failures.Add($"{key}:Url '{channel.Url}' is not an http or https address; for example: https://hooks.example.org/pxl.");
        }

        if (channel.Format is { } format && !Formats.Contains(format, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{key}:Format '{format}' is not a webhook format; valid: {string.Join(", ", Formats)}.");
        }
    }

    private static void Email(List<string> failures, string key, NotificationChannelOptions channel)
    {
        if (string.IsNullOrWhiteSpace(channel.Host))
        {
            failures.Add($"{key}:Host must be set for an email channel (the SMTP server).");
        }

        if (channel.Port is { } port && port is < 1 or > 65535)
        {
            failures.Add($"{key}:Port {port.ToString(CultureInfo.InvariantCulture)} is not a port; valid: 1 to 65535 (default: 587 with StartTls, else 25).");
        }

        if (!IsAddress(channel.From))
        {
            failures.Add($"{key}:From '{channel.From}' is not an e-mail address.");
        }

        if (channel.To.Count == 0)
        {
            failures.Add($"{key}:To must list at least one recipient for an email channel.");
        }

        foreach (var (j, to) in channel.To.Select((t, j) => (j, t)))
        {
            if (!IsAddress(to))
            {
                failures.Add($"{key}:To:{j.ToString(CultureInfo.InvariantCulture)} '{to}' is not an e-mail address.");
            }
        }

        if (string.IsNullOrEmpty(channel.User) != string.IsNullOrEmpty(channel.Password))
        {
            failures.Add($"{key}:User and {key}:Password go together: give both, or neither for a server that needs no login.");
        }
    }

    private static bool IsAddress(string? address) => address is not null && AddressPattern().IsMatch(address);

    private static void Range(List<string> failures, string key, double value, double max, string fallback)
    {
        if (!(value > 0 && value <= max))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must be more than 0 and at most {max} (default: {fallback})."));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[^@\s<>]+@[^@\s<>]+$")]
    private static partial Regex AddressPattern();
}
