using PxlScheduler.Core.Ledger.Reading;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// The loop rebuild, reconciliation and verify share: read the ledger from a position, parse each line
/// (the canonical fast path first, then the tolerant one), insert each record, and say what happened to
/// every line that was not a plain record.
/// </summary>
internal sealed class LedgerImport(string ledgerPath, Action<LedgerIssue> onIssue, Action<ImportProgress>? onProgress = null)
{
    private const int ProgressEvery = 32 * 1024;

    /// <summary>When true, a record whose run_id was already inserted is reported as a duplicate line.</summary>
    public bool ReportDuplicates { get; init; }

    /// <summary>Called with the run_id of every record line, inserted or not.</summary>
    public Action<string>? OnRecord { get; init; }

    public ImportResult Run(ScanPosition from, IRunSink inserter, CancellationToken cancellationToken)
    {
        using var parser = new LedgerLineParser();
        var fields = new CanonicalFields();
        var total = File.Exists(ledgerPath) ? new FileInfo(ledgerPath).Length : 0;
        long lines = 0, inserted = 0, present = 0, skipped = 0, partial = 0;

        void Counted(bool isNew, long number, string runId)
        {
            OnRecord?.Invoke(runId);
            if (isNew)
            {
                inserted++;
                return;
            }

            present++;
            if (ReportDuplicates)
            {
                onIssue(new LedgerIssue(number, $"duplicate run_id {runId}; the first line wins, this one is skipped"));
            }
        }

        var end = LedgerLineReader.Read(ledgerPath, from, (number, line, terminated, offsetAfter) =>
        {
            if (++lines % ProgressEvery == 0)
            {
                onProgress?.Invoke(new ImportProgress(offsetAfter, total, lines));
            }

            if (CanonicalLineParser.TryParse(line, fields))
            {
                Counted(inserter.Insert(line, fields), number, fields.RunId(line));
                return;
            }

            var parsed = parser.Parse(line);
            if (parsed.Row is null)
            {
                skipped++;
                onIssue(new LedgerIssue(number, terminated ? $"{parsed.Note}; skipped" : $"torn last line, {parsed.Note}; skipped"));
                return;
            }

            var isNew = inserter.Insert(parsed.Row);
            if (parsed.Note is not null && isNew)
            {
                partial++;
                onIssue(new LedgerIssue(number, parsed.Note));
            }

            Counted(isNew, number, parsed.Row.RunId);
        }, cancellationToken);
        onProgress?.Invoke(new ImportProgress(total, total, lines));
        return new ImportResult(lines, inserted, present, skipped, partial, end);
    }
}
