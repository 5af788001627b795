namespace PxlScheduler.Core.Scheduling;

/// <summary>Ends an event subscription that fell a full channel behind (<see cref="ScheduleEvents"/>).</summary>
public sealed class SubscriberTooSlowException(int capacity)
    : Exception($"the event stream fell {capacity} events behind and was closed; reconnect to follow it again");
