using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Notifications;
using PxlScheduler.Core.Processes;
using PxlScheduler.Core.Runs;

namespace PxlScheduler.Core.Ledger;

/// <summary>
/// Records a finished cycle (SPEC 6 step 8): the ledger first (JSONL flushed to disk, then the SQL
/// mirror), then <c>latest.json</c> replaced atomically. The order is the promise: nothing learns of a
/// run before the ledger holds it.
/// </summary>
/// <remarks>
/// Once the JSONL holds the run, the run is recorded: a <c>latest.json</c> that cannot be replaced (made a directory,
/// its folder read-only) is a warning naming the path, not a failure of the run, so the schedule is not halted and
/// the run is not taken for a crash at the next start.
/// </remarks>
internal sealed class RunRecorder(RunLedger ledger, LatestPointer latest, IOptions<StorageOptions> storage, Workspace workspace, ILogger<RunRecorder> logger)
{

    public Task<RunRecord> RecordAsync(CycleResult result, CycleVerdict verdict, CancellationToken cancellationToken) =>
        RecordAsync(result, verdict, null, cancellationToken);

    /// <summary>Records a finished cycle and, with its SQL row, the events it raises (<paramref name="notice"/>).</summary>
    public async Task<RunRecord> RecordAsync(CycleResult result, CycleVerdict verdict, RunNotice? notice, CancellationToken cancellationToken)
    {
        var request = result.Request;
        var record = new RunRecord
        {
            RunId = request.RunId,
            Schedule = request.Schedule,
            Trigger = request.Trigger.ToString().ToLowerInvariant(),
            Mode = request.Mode,
            Goal = request.Goal,
            StartedAt = result.StartedAt,
            FinishedAt = result.FinishedAt,
            DurationMs = (long)result.Duration.TotalMilliseconds,
            Status = result.Status.ToWire(),
            ExitCode = result.ExitCode,
            ConsecutiveFailures = verdict.ConsecutiveFailures,
            LogPath = result.LogPath,
            ArchivePath = result.ArchivePath,
            DigestLines = result.DigestLines,
            Writes = result.Writes,
            Error = result.Error,
            Host = storage.Value.NodeName,
        };
        return await RecordAsync(record, verdict, notice, cancellationToken);
    }

    /// <summary>Records a run built elsewhere (an interrupted one found at start): the ledger, then <c>latest.json</c>.</summary>
    /// <remarks>
    /// <c>latest.json</c>'s new content is written and flushed to disk beside it while the ledger records the run, so
    /// the two fsyncs overlap; only the rename, after the ledger, makes it visible, so nothing learns of the run
    /// earlier than before. A crash in between leaves the old <c>latest.json</c> and an unused temp file.
    /// </remarks>
    public Task<RunRecord> RecordAsync(RunRecord record, CycleVerdict verdict, CancellationToken cancellationToken) =>
        RecordAsync(record, verdict, null, cancellationToken);

    /// <summary>As <see cref="RecordAsync(RunRecord, CycleVerdict, CancellationToken)"/>, with the run's events (<paramref name="notice"/>).</summary>
    public async Task<RunRecord> RecordAsync(RunRecord record, CycleVerdict verdict, RunNotice? notice, CancellationToken cancellationToken)
    {
        var state = new LatestState
        {
            RunId = record.RunId,
            Schedule = record.Schedule,
            Status = record.Status,
            ExitCode = record.ExitCode,
            StartedAt = record.StartedAt,
            FinishedAt = record.FinishedAt,
            DurationMs = record.DurationMs,
            ConsecutiveFailures = record.ConsecutiveFailures,
            LogPath = record.LogPath,
            ArchivePath = record.ArchivePath,
            NextFireAt = verdict.NextFireAt,
            Halted = verdict.HaltReason is not null,
            HaltReason = verdict.HaltReason,
            Error = record.Error,
        };
        var replacement = Task.Run(() => latest.Prepare(state), CancellationToken.None);
        try
        {
            await ledger.AppendAsync(record, notice, cancellationToken);
        }
        catch
        {
            await replacement.ContinueWith(t => { if (t.IsCompletedSuccessfully) { t.Result.Dispose(); } }, TaskScheduler.Default);
            throw;
        }

        CrashPoint.Hit(CrashPoint.AfterMirror);
        try
        {
            using var prepared = await replacement;
            prepared.Commit();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LedgerLog.LatestNotReplaced(logger, record.RunId, workspace.Display(latest.FullPath), Reason(e));
        }

        return record;
    }

    /// <summary>Why the pointer could not be replaced, in words: .NET says "Access denied" for a directory in the way.</summary>
    private string Reason(Exception e) => Directory.Exists(latest.FullPath)
        ? $"{workspace.Display(latest.FullPath)} is a directory; remove it and the next run writes the file"
        : e.Message;
}
