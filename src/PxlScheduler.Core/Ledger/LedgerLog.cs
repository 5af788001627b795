using Microsoft.Extensions.Logging;

namespace PxlScheduler.Core.Ledger;

/// <summary>Log messages of the ledger feature (event ids 1200–1299).</summary>
internal static partial class LedgerLog
{
    [LoggerMessage(1200, LogLevel.Warning, "Run {RunId} is in the ledger {Ledger} but not yet in the SQL mirror ({Reason}); it will be filled in at the next start")]
    public static partial void MirrorBehind(ILogger logger, string runId, string ledger, string reason);

    [LoggerMessage(1201, LogLevel.Warning, "Ledger {Ledger} line {LineNumber}: {Problem}")]
    public static partial void LineProblem(ILogger logger, string ledger, long lineNumber, string problem);

    [LoggerMessage(1202, LogLevel.Information, "Filled {Filled} run(s) missing from the SQL mirror from {Ledger} ({Lines} line(s) read, {Pass})")]
    public static partial void MirrorFilled(ILogger logger, long filled, string ledger, long lines, string pass);

    [LoggerMessage(1203, LogLevel.Warning, "Could not reconcile the SQL mirror with {Ledger} ({Reason}); the JSONL keeps every run, and the next start tries again")]
    public static partial void ReconcileFailed(ILogger logger, string ledger, string reason);

    [LoggerMessage(1290, LogLevel.Warning, "Run {RunId} is recorded in the ledger, but the pointer {Latest} could not be replaced: {Reason}")]
    public static partial void LatestNotReplaced(ILogger logger, string runId, string latest, string reason);
}
