using System.Text;

namespace PxlScheduler.Core.Ledger.Reading;

/// <summary>
/// Finds the line of one run in the JSONL ledger, however far back it is: each line's <c>run_id</c> is parsed and
/// compared exactly, the way every other reader reads it, so a goal or an error that merely mentions the id never
/// counts, and a line of any length is found.
/// </summary>
/// <remarks>
/// Reads the whole file forward (it runs only at a start that found an unfinished run). A line is parsed only when
/// its bytes contain the id, or a backslash (an escape could spell the id another way): the rest are passed over at
/// the speed of a byte search.
/// </remarks>
internal static class RecordedRunLookup
{
    /// <summary>The first line whose <c>run_id</c> is <paramref name="runId"/> (UTF-8 decoded, without its newline), or null when the ledger has none.</summary>
    public static string? Find(string ledgerPath, string runId, CancellationToken cancellationToken)
    {
        var id = Encoding.UTF8.GetBytes(runId);
        var fields = new CanonicalFields();
        using var parser = new LedgerLineParser();
        string? found = null;
        LedgerLineReader.Read(ledgerPath, ScanPosition.Start, (_, line, terminated, _) =>
        {
            if (found is not null || !terminated || (line.IndexOf(id) < 0 && line.IndexOf((byte)'\\') < 0))
            {
                return;
            }

            var lineId = CanonicalLineParser.TryParse(line, fields) ? fields.RunId(line) : parser.Parse(line).Row?.RunId;
            if (lineId == runId)
            {
                found = Encoding.UTF8.GetString(line);
            }
        }, cancellationToken);
        return found;
    }

    /// <summary>The numbers of the lines (from 1) whose <c>run_id</c> is one of <paramref name="runIds"/>, by run id.</summary>
    public static Dictionary<string, List<long>> LineNumbers(string ledgerPath, IReadOnlySet<string> runIds, CancellationToken cancellationToken)
    {
        var ids = runIds.Select(Encoding.UTF8.GetBytes).ToList();
        var fields = new CanonicalFields();
        using var parser = new LedgerLineParser();
        var found = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        LedgerLineReader.Read(ledgerPath, ScanPosition.Start, (number, line, _, _) =>
        {
            var candidate = line.IndexOf((byte)'\\') >= 0;
            foreach (var id in ids)
            {
                candidate |= line.IndexOf(id) >= 0;
            }

            if (!candidate)
            {
                return;
            }

            var lineId = CanonicalLineParser.TryParse(line, fields) ? fields.RunId(line) : parser.Parse(line).Row?.RunId;
            if (lineId is not null && runIds.Contains(lineId))
            {
                (found.TryGetValue(lineId, out var numbers) ? numbers : found[lineId] = []).Add(number);
            }
        }, cancellationToken);
        return found;
    }
}
