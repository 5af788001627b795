using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Notifications;

/// <summary>Makes events: a new id, the time, this node, and the dashboard link when <c>Http:PublicUrl</c> is set.</summary>
internal sealed class NotificationEvents(TimeProvider time, IOptions<PublicLinkOptions> links, IOptions<StorageOptions> storage)
{
    /// <summary>The events of a finished run (<see cref="RunEvents"/>), <paramref name="failingRuns"/> the streak it belongs to, newest first.</summary>
    public IReadOnlyList<NotificationEvent> ForRun(RunNotice notice, bool previousFailed, IReadOnlyList<string> failingRuns) =>
        [.. RunEvents.Raised(notice, previousFailed).Select(name => New(name, notice.Schedule, notice.RunId, notice.OccurredAt) with
        {
            Status = notice.Status.ToWire(),
            Error = notice.Error,
            ConsecutiveFailures = notice.Verdict.ConsecutiveFailures,
            Reason = name == NotificationEventNames.Halted ? notice.Verdict.HaltReason : null,
            FailingRuns = name == NotificationEventNames.Halted ? failingRuns : null,
            NextAttemptAt = name == NotificationEventNames.Backoff ? notice.Verdict.NextFireAt : null,
        })];

    /// <summary>A halt that no run's row records (the run could not be recorded, or was found interrupted at start).</summary>
    public NotificationEvent Halted(string schedule, string reason, string? runId, int failures) =>
        New(NotificationEventNames.Halted, schedule, runId, time.GetUtcNow()) with { Reason = reason, ConsecutiveFailures = failures };

    /// <summary><c>pxl resume</c>: <paramref name="haltReason"/> is the halt it lifted, if any.</summary>
    public NotificationEvent Resumed(string schedule, string? haltReason, int failures) =>
        New(NotificationEventNames.Resumed, schedule, null, time.GetUtcNow()) with { Reason = haltReason, ConsecutiveFailures = failures };

    /// <summary>
    /// A schedule past its deadline. The id is derived from the schedule and the deadline, so every node of a cluster
    /// and every restart raises the same event, and the outbox stores it once.
    /// </summary>
    public NotificationEvent Overdue(string schedule, DateTimeOffset expectedBy, string reason, string? lastRunId) =>
        New(NotificationEventNames.Overdue, schedule, lastRunId, time.GetUtcNow()) with
        {
            Id = new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"overdue\n{schedule}\n{expectedBy.UtcTicks}"))[..16]).ToString(),
            ExpectedBy = expectedBy,
            Reason = reason,
        };

    /// <summary>What <c>pxl notify test</c> sends.</summary>
    public NotificationEvent Test(string channel) =>
        New(NotificationEventNames.Test, "(test)", null, time.GetUtcNow()) with { Reason = $"a test of channel {channel} by pxl notify test" };

    private NotificationEvent New(string name, string schedule, string? runId, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(at).ToString(),
        Event = name,
        OccurredAt = at,
        Schedule = schedule,
        RunId = runId,
        Link = Link(schedule, runId),
        Host = storage.Value.NodeName,
    };

    private string? Link(string schedule, string? runId) =>
        links.Value.PublicUrl is { Length: > 0 } url
            ? runId is null
                ? $"{url.TrimEnd('/')}/schedules/{Uri.EscapeDataString(schedule)}"
                : $"{url.TrimEnd('/')}/runs/{Uri.EscapeDataString(runId)}"
            : null;
}
