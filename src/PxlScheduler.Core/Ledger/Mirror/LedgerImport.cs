using PxlScheduler.Core.Ledger.Reading;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// The loop rebuild, reconciliation and verify share: read the ledger from a position, parse each line
/// (the canonical fast path first, then the tolerant one), insert each record, and say what happened to
/// every line that was not a plain record.
/// </summary>
/// <remarks>
/// Reading and parsing run on a second thread (<see cref="LedgerParsePipeline"/>); the inserts, the
/// warnings and the progress stay on the calling thread, in file order, so a SQLite connection is only
/// ever used by the thread that opened the transaction.
/// </remarks>
internal sealed class LedgerImport(string ledgerPath, Action<LedgerIssue> onIssue, Action<ImportProgress>? onProgress = null)
{
    private const int ProgressEvery = 32 * 1024;

    /// <summary>When true, a record whose run_id was already inserted is reported as a duplicate line.</summary>
    public bool ReportDuplicates { get; init; }

    /// <summary>Called with the line number and run_id of each record line whose run_id came earlier (with <see cref="ReportDuplicates"/>).</summary>
    public Action<long, string>? OnDuplicate { get; init; }

    /// <summary>Called with the run_id of every record line, inserted or not.</summary>
    public Action<string>? OnRecord { get; init; }

    public ImportResult Run(ScanPosition from, IRunSink sink, CancellationToken cancellationToken)
    {
        var total = File.Exists(ledgerPath) ? new FileInfo(ledgerPath).Length : 0;
        long lines = 0, inserted = 0, present = 0, skipped = 0, partial = 0;

        void Counted(bool isNew, long number, string? runId, ReadOnlySpan<byte> line, CanonicalFields? fields)
        {
            if (OnRecord is not null || (!isNew && ReportDuplicates))
            {
                // Decoded only when someone asks: a million run ids would otherwise be a million strings.
                runId ??= fields!.RunId(line);
                OnRecord?.Invoke(runId);
            }

            if (isNew)
            {
                inserted++;
                return;
            }

            present++;
            if (ReportDuplicates)
            {
                onIssue(new LedgerIssue(number, $"duplicate run_id {runId}; the first line wins, this one is skipped"));
                OnDuplicate?.Invoke(number, runId!);
            }
        }

        var end = LedgerParsePipeline.Run(ledgerPath, from, batch =>
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (++lines % ProgressEvery == 0)
                {
                    onProgress?.Invoke(new ImportProgress(batch.OffsetAfter(i), total, lines));
                }

                var number = batch.Number(i);
                var line = batch.Line(i);
                if (batch.Canonical(i) is { } fields)
                {
                    Counted(sink.Insert(line, fields), number, null, line, fields);
                    continue;
                }

                var parsed = batch.Parsed(i);
                if (parsed.Row is null)
                {
                    skipped++;
                    onIssue(new LedgerIssue(number, batch.Terminated(i) ? $"{parsed.Note}; skipped" : $"torn last line, {parsed.Note}; skipped"));
                    continue;
                }

                var isNew = sink.Insert(parsed.Row);
                if (parsed.Note is not null && isNew)
                {
                    partial++;
                    onIssue(new LedgerIssue(number, parsed.Note));
                }

                Counted(isNew, number, parsed.Row.RunId, line, null);
            }
        }, cancellationToken);
        onProgress?.Invoke(new ImportProgress(total, total, lines));
        return new ImportResult(lines, inserted, present, skipped, partial, end);
    }
}
