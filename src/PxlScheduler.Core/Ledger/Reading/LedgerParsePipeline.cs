using System.Collections.Concurrent;

namespace PxlScheduler.Core.Ledger.Reading;

/// <summary>
/// Reads and parses the JSONL ledger on a background thread while the caller consumes the parsed lines
/// on its own, in file order, batch by batch: reading and parsing (about 1 s of the 9 s of CPU a
/// million-line rebuild takes) run beside the inserts instead of before each one.
/// </summary>
/// <remarks>
/// A fixed set of <see cref="LineBatch"/>es circulates between the two threads, so the reader never runs
/// more than that far ahead and a canonical line allocates nothing. The consumer sees every line, including
/// the ones that will be skipped, so warnings keep their order and line numbers.
/// </remarks>
internal static class LedgerParsePipeline
{
    private const int Batches = 4;

    /// <summary>
    /// Calls <paramref name="consume"/> for each batch of lines from <paramref name="from"/> to the end of
    /// <paramref name="path"/>, on the calling thread; returns the position after the last newline.
    /// </summary>
    public static ScanPosition Run(string path, ScanPosition from, Action<LineBatch> consume, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var free = new BlockingCollection<LineBatch>();
        using var full = new BlockingCollection<LineBatch>();
        for (var i = 0; i < Batches; i++)
        {
            free.Add(new LineBatch(), CancellationToken.None);
        }

        var producer = Task.Factory.StartNew(() => Produce(path, from, free, full, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var batch in full.GetConsumingEnumerable(stop.Token))
            {
                consume(batch);
                batch.Clear();
                free.Add(batch, CancellationToken.None);
            }
        }
        catch
        {
            // The consumer failed (or was cancelled): stop the reader before the collections go away.
            stop.Cancel();
            try
            {
                producer.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // Its cancellation, or a failure of its own that the consumer's makes moot.
            }

            throw;
        }

        // A failure of the reader (an I/O error) surfaces here, as itself rather than wrapped.
        return producer.GetAwaiter().GetResult();
    }

    private static ScanPosition Produce(
        string path, ScanPosition from, BlockingCollection<LineBatch> free, BlockingCollection<LineBatch> full, CancellationToken cancellationToken)
    {
        try
        {
            using var parser = new LedgerLineParser();
            var batch = free.Take(cancellationToken);
            var end = LedgerLineReader.Read(path, from, (number, line, terminated, offsetAfter) =>
            {
                if (batch.IsFull)
                {
                    full.Add(batch, cancellationToken);
                    batch = free.Take(cancellationToken);
                }

                batch.Add(number, line, terminated, offsetAfter, parser);
            }, cancellationToken);
            if (batch.Count > 0)
            {
                full.Add(batch, cancellationToken);
            }

            return end;
        }
        finally
        {
            full.CompleteAdding();
        }
    }
}
