using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Notifications;

/// <summary>
/// Which events a finished run raises, as a pure rule over the run and the one before it (a cancelled run is a
/// shutdown, not a run of the streak): a failure after a success opens a streak (<c>run.failed</c>; the later ones
/// are coalesced into it), a success after a failure closes it (<c>run.recovered</c>), a failure that does not halt
/// backs off (<c>schedule.backoff</c>), one that halts raises <c>schedule.halted</c>; a timeout or a command that
/// could not start raises its own event every time.
/// </summary>
/// <remarks>
/// The streak is read from the ledger, not from the schedule's failure count: <c>pxl resume</c> clears the count, and
/// the first success after a resumed halt must still close the alert the halt opened.
/// </remarks>
internal static class RunEvents
{
    /// <summary>The names of the events <paramref name="notice"/> raises, in the order they happened.</summary>
    public static IReadOnlyList<string> Raised(RunNotice notice, bool previousFailed)
    {
        var raised = new List<string>();
        if (notice.Status == CycleStatus.Cancelled)
        {
            return raised;
        }

        if (!notice.Status.IsFailure())
        {
            if (previousFailed)
            {
                raised.Add(NotificationEventNames.Recovered);
            }

            return raised;
        }

        if (!previousFailed)
        {
            raised.Add(NotificationEventNames.Failed);
        }

        if (notice.Status == CycleStatus.Timeout)
        {
            raised.Add(NotificationEventNames.Timeout);
        }
        else if (notice.Status == CycleStatus.StartFailed)
        {
            raised.Add(NotificationEventNames.StartFailed);
        }

        raised.Add(notice.Verdict.Halted ? NotificationEventNames.Halted : NotificationEventNames.Backoff);
        return raised;
    }
}
