using Microsoft.Extensions.Logging;

namespace PxlScheduler.Core.Ledger;

/// <summary>Log messages of the ledger feature (event ids 1200–1299).</summary>
internal static partial class LedgerLog
{
    [LoggerMessage(1200, LogLevel.Warning, "Run {RunId} is in the ledger {Ledger} but not yet in the SQL mirror ({Reason}); it will be filled in at the next start")]
    public static partial void MirrorBehind(ILogger logger, string runId, string ledger, string reason);
}
