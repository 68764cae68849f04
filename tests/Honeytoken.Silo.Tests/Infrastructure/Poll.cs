namespace Honeytoken.Silo.Tests.Infrastructure;

/// <summary>
/// Waits for a condition by checking it repeatedly until a deadline, for state that offers
/// no signal to await, such as rows another process writes.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Returns the first value that satisfies <paramref name="done"/>, or throws
    /// <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/>.
    /// Exceptions of <paramref name="probe"/> count as "not yet" until the deadline.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? lastError = null;
        var lastValue = default(T);

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
