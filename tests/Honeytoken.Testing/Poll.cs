using System.Diagnostics;

namespace Honeytoken.Testing;

/// <summary>
/// Waits for a condition by checking it repeatedly until a deadline, for state that offers
/// no signal to await, such as rows that another process writes.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Returns the first value of <paramref name="probe"/> that satisfies <paramref name="done"/>.
    /// An exception from <paramref name="probe"/> counts as "not yet".
    /// </summary>
    /// <exception cref="TimeoutException">
    /// Nothing satisfied <paramref name="done"/> within <paramref name="timeout"/>. The message
    /// names <paramref name="what"/> and the last value, and the last exception is the inner one.
    /// </exception>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);

        var started = Stopwatch.GetTimestamp();
        Exception? lastError = null;
        var lastValue = default(T);

        while (Stopwatch.GetElapsedTime(started) < timeout)
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
