using Microsoft.Extensions.Logging;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Pauses a halted schedule's triggers once the firing that halted it has completed. Paused from
/// inside the firing, a continuous trigger would be set back to waiting when Quartz stores its next
/// fire time; so the pause waits until the trigger is no longer blocked by its own run. Until then
/// (and if the pause fails) the halt reason in the job data makes the veto listener refuse every fire.
/// </summary>
internal sealed class HaltPauser(TimeProvider time, ILogger<HaltPauser> logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public void PauseAfterFiring(IScheduler scheduler, JobKey job, TriggerKey firing, string reason) =>
        _ = PauseAsync(scheduler, job, firing, reason);

    private async Task PauseAsync(IScheduler scheduler, JobKey job, TriggerKey firing, string reason)
    {
        try
        {
            var started = time.GetTimestamp();
            while (await scheduler.GetTriggerState(firing, CancellationToken.None) is TriggerState.Blocked or TriggerState.Executing && time.GetElapsedTime(started) < Limit)
            {
                await Task.Delay(Poll, time, CancellationToken.None);
            }

            await scheduler.PauseJobWith(job, new PauseDetails { Reason = reason, RequestedBy = PauseRequesters.Halt }, CancellationToken.None);
        }
        catch (SchedulerException e)
        {
            HaltPauseFailed(job.Name, e);
        }
    }

    private void HaltPauseFailed(string schedule, Exception e) => SchedulingLog.HaltPauseFailed(logger, schedule, e);
}
