using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PxlScheduler.Core.Scheduling;
using Quartz;

namespace PxlScheduler.Http;

/// <summary>
/// Pause, resume and trigger as HTTP does them, for the API and the dashboard alike: the schedule looked up in the
/// store, the change made through <see cref="ScheduleControl"/>, the CLI's sentence back, and the change logged
/// with who asked. A refusal (no such schedule, a resume the file's <c>enabled: false</c> forbids) is a problem.
/// </summary>
internal sealed class ScheduleActions(ISchedulerFactory schedulers, ScheduleControl control, StopFile stopFile, ILogger<ScheduleActions> logger)
{
    /// <summary>The actions there are, as the paths and forms spell them.</summary>
    public static readonly IReadOnlyList<string> Names = ["pause", "resume", "trigger"];

    /// <summary>Applies <paramref name="action"/> (one of <see cref="Names"/>) to <paramref name="name"/>.</summary>
    public async Task<(ControlResult? Done, ApiProblem? Refused)> ApplyAsync(string action, string name, HttpContext context, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (await scheduler.GetJobDetail(ScheduleKeys.Job(name), cancellationToken) is not { } job)
        {
            var known = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(ScheduleKeys.Group), cancellationToken)).Select(k => k.Name).Order(StringComparer.Ordinal).ToList();
            return (null, ApiProblems.Of(StatusCodes.Status404NotFound, "not found", $"no schedule named '{name}' in the store; known: {(known.Count == 0 ? "none" : string.Join(", ", known))}."));
        }

        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "?";
        ControlResult done;
        switch (action)
        {
            case "pause":
                await control.PauseAsync(scheduler, job.Key, $"HTTP from {context.Connection.RemoteIpAddress}", cancellationToken);
                done = new ControlResult(name, action, $"paused {name}");
                break;
            case "resume":
                if (ScheduleControl.ResumeRefusal(job) is { } refusal)
                {
                    return (null, ApiProblems.Of(StatusCodes.Status409Conflict, "refused", refusal));
                }

                var outcome = await control.ResumeAsync(scheduler, job, cancellationToken);
                done = new ControlResult(name, action, outcome.HaltLifted is { } halt
                    ? $"resumed {name}; halt lifted ({halt}); failure count reset from {outcome.FailuresCleared}"
                    : $"resumed {name}; failure count reset from {outcome.FailuresCleared}")
                {
                    FailuresCleared = outcome.FailuresCleared,
                    HaltLifted = outcome.HaltLifted,
                };
                break;
            case "trigger":
                await control.TriggerAsync(scheduler, job.Key, cancellationToken);
                done = new ControlResult(name, action, stopFile.IsPresent
                    ? $"triggered {name}; the stop file {stopFile.Display} exists: that fire will be skipped"
                    : $"triggered {name}; serve starts it within about a second");
                break;
            default:
                return (null, ApiProblems.Of(StatusCodes.Status404NotFound, "not found", $"no action '{action}'; valid: {string.Join(", ", Names)}."));
        }

        HttpLog.Changed(logger, action, name, remote);
        return (done, null);
    }
}
