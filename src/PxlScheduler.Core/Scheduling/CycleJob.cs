using Microsoft.Extensions.Logging;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Runs;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// The Quartz job behind every schedule: reads the schedule from its data map, runs one cycle and
/// hands the result to the listeners through <see cref="IJobExecutionContext.Result"/>. Never two at
/// once for the same schedule, and its data map (the failure count) is stored back after every run.
/// </summary>
[DisallowConcurrentExecution]
[PersistJobDataAfterExecution]
internal sealed class CycleJob(CycleService cycles, CycleRequestFactory requests, DeadNodeRuns deadNodeRuns, ScheduleEvents events, TimeProvider time, ILogger<CycleJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var schedule = CycleJobData.ReadSchedule(context.MergedJobDataMap);
        var request = requests.Create(schedule, CycleJobData.TriggerKindOf(context)) with { ScheduledAt = context.ScheduledFireTimeUtc };
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RunId"] = request.RunId, ["Schedule"] = request.Schedule });
        SchedulingLog.CycleStarting(logger, request.Schedule, request.RunId, request.Trigger.ToString().ToLowerInvariant());
        events.Publish(new ScheduleEvent(ScheduleEvent.RunStarted, request.Schedule, time.GetUtcNow()) { RunId = request.RunId });

        try
        {
            await deadNodeRuns.AccountAsync(context, request.RunId, cancellationToken);
        }
        catch (System.Data.Common.DbException e)
        {
            // The cycle runs anyway; the dead node's run stays listed and is accounted for at the next fire.
            SchedulingLog.DeadNodeCheckFailed(logger, request.Schedule, e.Message);
        }

        var result = await cycles.RunAsync(request, cancellationToken);
        context.Result = result;
        SchedulingLog.CycleFinished(logger, request.Schedule, request.RunId, result.Status.ToWire(), (long)result.Duration.TotalMilliseconds, result.LogPath);
        if (result.Status.IsFailure())
        {
            // Thrown so the trigger's retry policy backs off; the listeners still see the result.
            throw new JobExecutionException($"{result.Status.ToWire()}: {result.Error}");
        }
    }
}
