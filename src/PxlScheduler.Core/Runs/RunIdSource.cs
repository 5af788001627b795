namespace PxlScheduler.Core.Runs;

/// <summary>
/// Issues the run ids of one process. Their time part never goes backwards: after the wall clock is
/// stepped back it holds at the latest second issued until the clock catches up, so ids keep the
/// order of the ledger; the random suffix keeps them unique meanwhile.
/// </summary>
internal sealed class RunIdSource(TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _latest = DateTimeOffset.MinValue;

    public string Next()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now > _latest)
            {
                _latest = now;
            }

            return RunIds.New(_latest);
        }
    }
}
