using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Decides at fire time whether a cycle may start (SPEC 6 step 1, SPEC 8): never while the stop file
/// exists, and never once an observer (such as `pxl run`'s iteration budget) has had enough.
/// </summary>
internal sealed class CycleVetoListener(
    Workspace workspace,
    IOptions<PathsOptions> paths,
    IEnumerable<ICycleObserver> observers,
    ILogger<CycleVetoListener> logger) : ITriggerListener
{
    public string Name => "pxl-cycle-veto";

    public ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var schedule = trigger.JobKey.Name;
        if (observers.Any(o => !o.AcceptsCycle(schedule)))
        {
            return ValueTask.FromResult(true);
        }

        var stopFile = workspace.Resolve(paths.Value.StopFile);
        if (File.Exists(stopFile))
        {
            SchedulingLog.StopFileVeto(logger, schedule, workspace.Display(stopFile));
            foreach (var observer in observers)
            {
                observer.StoppedByStopFile(schedule);
            }

            return ValueTask.FromResult(true);
        }

        return ValueTask.FromResult(false);
    }
}
