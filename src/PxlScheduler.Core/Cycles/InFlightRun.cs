namespace PxlScheduler.Core.Cycles;

/// <summary>
/// The marker of a cycle in flight: enough to record it as <c>interrupted</c> if its <c>pxl</c> dies,
/// and the owner's pid and start time, so a live owner's marker (another `pxl run`) is never taken.
/// </summary>
public sealed record InFlightRun(
    string RunId,
    string Schedule,
    string Trigger,
    string Mode,
    string Goal,
    DateTimeOffset StartedAt,
    string LogPath,
    string Host,
    int OwnerPid,
    long OwnerStartTicks);
