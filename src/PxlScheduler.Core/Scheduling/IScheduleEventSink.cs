namespace PxlScheduler.Core.Scheduling;

/// <summary>Takes every <see cref="ScheduleEvent"/> as it is published, on the publisher's thread: must be quick and never throw (the metrics).</summary>
internal interface IScheduleEventSink
{
    void Accept(ScheduleEvent scheduleEvent);
}
