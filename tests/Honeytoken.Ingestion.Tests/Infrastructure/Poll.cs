namespace Honeytoken.Ingestion.Tests.Infrastructure;

/// <summary>
/// Waits for a condition by checking it until a deadline, for work that other processes do
/// in the background (webhook deliveries, reminders) and that offers nothing to await.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Returns the first value that satisfies <paramref name="done"/>, or throws
    /// <see cref="TimeoutException"/> naming <paramref name="what"/> and the last value seen.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var lastValue = default(T);
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                lastValue = await probe();
                if (done(lastValue))
                {
                    return lastValue;
                }

                lastError = null;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                lastError = exception;
            }

            await Task.Delay(Interval);
        }

        throw new TimeoutException($"Timed out after {timeout} waiting for {what}; last value: {lastValue}.", lastError);
    }
}
