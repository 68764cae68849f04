using System.Diagnostics;
using System.Text;

namespace Honeytoken.Bench.Service;

/// <summary>The outcome of a fixed-rate run.</summary>
public sealed record FixedRateResult(int Sent, int Succeeded, TimeSpan P50, TimeSpan P99, TimeSpan Max, double AchievedPerSecond);

/// <summary>
/// Sends requests at a fixed rate whatever the server's speed (an open model, as EventBridge
/// sends), and measures each latency from the request's scheduled time, so a stalled server
/// is not hidden by requests that were sent late.
/// </summary>
public static class FixedRateLoad
{
    public static async Task<FixedRateResult> RunAsync(
        Uri url, int requestsPerSecond, TimeSpan duration, Func<int, string> body, string headerName, string headerValue)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var total = (int)(requestsPerSecond * duration.TotalSeconds);
        var latencies = new TimeSpan[total];
        var succeeded = 0;
        var pending = new List<Task>(total);
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < total; i++)
        {
            var scheduled = TimeSpan.FromSeconds((double)i / requestsPerSecond);
            var wait = scheduled - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var index = i;
            pending.Add(Task.Run(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent(body(index), Encoding.UTF8, "application/json"),
                };
                request.Headers.TryAddWithoutValidation(headerName, headerValue);
                try
                {
                    using var response = await http.SendAsync(request);
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref succeeded);
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    // A request that failed or timed out counts as failed, with the time it took.
                }

                latencies[index] = clock.Elapsed - scheduled;
            }));
        }

        // The send rate covers the sending only, not the wait for the last responses.
        var sending = clock.Elapsed;
        await Task.WhenAll(pending);
        return new FixedRateResult(
            total,
            succeeded,
            Latencies.Percentile(latencies, 50),
            Latencies.Percentile(latencies, 99),
            latencies.Max(),
            total / sending.TotalSeconds);
    }
}
