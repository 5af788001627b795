using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Notifications;

/// <summary>
/// What a finished run tells notifications, handed to the ledger with the run: the ledger's mirror turns it into
/// events in the transaction that stores the run's row, where the schedule's previous runs are known.
/// </summary>
/// <param name="Schedule">The schedule's name.</param>
/// <param name="Channels">The schedule file's <c>notify</c>: null for every channel, empty for none.</param>
/// <param name="RunId">The run.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Error">Its error, if any.</param>
/// <param name="Verdict">What it means for the schedule: the failure count, the next attempt, the halt.</param>
/// <param name="OccurredAt">When the run was judged.</param>
public sealed record RunNotice(
    string Schedule,
    IReadOnlyList<string>? Channels,
    string RunId,
    CycleStatus Status,
    string? Error,
    CycleVerdict Verdict,
    DateTimeOffset OccurredAt);
