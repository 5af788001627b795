namespace PxlScheduler.Core.Notifications;

/// <summary>A schedule's latest recorded run, as the overdue rule reads it from the <c>runs</c> table.</summary>
public sealed record LastRun(string RunId, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, int ConsecutiveFailures);
