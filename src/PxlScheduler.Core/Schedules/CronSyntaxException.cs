namespace PxlScheduler.Core.Schedules;

/// <summary>A cron expression that cannot be read; the message names the field and what would be valid.</summary>
public sealed class CronSyntaxException(string message) : FormatException(message);
