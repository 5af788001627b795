namespace PxlScheduler.Core.Configuration;

/// <summary>One channel of <c>Notifications:Channels</c>: its name, its type and the events it receives, and the keys of its type.</summary>
public sealed class NotificationChannelOptions
{
    /// <summary>The events a channel receives when its <see cref="Events"/> is not given.</summary>
    public static readonly IReadOnlyList<string> DefaultEvents = ["schedule.halted", "run.recovered", "schedule.overdue", "run.start_failed"];

    /// <summary>Names the channel in schedule files (<c>"notify": ["ops"]</c>), in <c>pxl notify</c> and in the outbox.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>webhook</c>, <c>command</c> or <c>email</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>Event names, with or without their prefix (<c>halted</c> = <c>schedule.halted</c>); empty takes <see cref="DefaultEvents"/>.</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>webhook: where to POST.</summary>
    public string? Url { get; set; }

    /// <summary>webhook: the HMAC-SHA256 key of <c>X-Pxl-Signature</c>; never logged.</summary>
    public string? Secret { get; set; }

    /// <summary>webhook: <c>pxl</c> (default), <c>alertmanager</c> or <c>slack</c>.</summary>
    public string? Format { get; set; }

    /// <summary>command: the program, started without a shell; the event JSON on its stdin.</summary>
    public string? Command { get; set; }

    /// <summary>command: its arguments, each passed as it is.</summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>Every type: how long one attempt may take (default 10 s).</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>email: the SMTP server.</summary>
    public string? Host { get; set; }

    /// <summary>email: the SMTP port (default 587 with StartTls, else 25).</summary>
    public int? Port { get; set; }

    /// <summary>email: upgrade the connection with STARTTLS (default true).</summary>
    public bool StartTls { get; set; } = true;

    /// <summary>email: the SMTP user; with <see cref="Password"/>, or none for an open relay.</summary>
    public string? User { get; set; }

    /// <summary>email: never logged.</summary>
    public string? Password { get; set; }

    /// <summary>email: the sender address.</summary>
    public string? From { get; set; }

    /// <summary>email: the recipients.</summary>
    public List<string> To { get; set; } = [];
}
