namespace PxlScheduler.Tests.Support;

/// <summary>Waits for a condition with a deadline instead of sleeping a fixed time.</summary>
internal static class Wait
{
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>
    /// Waits until <paramref name="count"/> reaches <paramref name="target"/> for as long as it keeps growing: it
    /// fails only when the count stood still for <paramref name="stall"/>. Hundreds of cycles take what they take on
    /// a loaded machine; a deadline on the whole would be a speed assertion, one on progress finds a stop.
    /// </summary>
    public static async Task UntilCountAsync(Func<Task<int>> count, int target, TimeSpan stall, string what)
    {
        var last = await count();
        var progressed = DateTime.UtcNow;
        while (last < target)
        {
            await Task.Delay(100);
            var now = await count();
            if (now > last)
            {
                (last, progressed) = (now, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - progressed > stall)
            {
                throw new TimeoutException($"Waiting for {target} {what}: stuck at {last} for {stall.TotalSeconds:0.#} s.");
            }
        }
    }

    /// <inheritdoc cref="UntilCountAsync(Func{Task{int}}, int, TimeSpan, string)"/>
    public static Task UntilCountAsync(Func<int> count, int target, TimeSpan stall, string what) =>
        UntilCountAsync(() => Task.FromResult(count()), target, stall, what);
}
