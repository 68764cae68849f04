using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Honeytoken.Bench.Service.Scenarios;

/// <summary>
/// Time from the real-time POST of a honeytoken's first event to the alert
/// webhook arriving at a receiver on loopback, one token per alert.
/// </summary>
/// <remarks>
/// The destination allows the private network, because the service's SSRF check rejects
/// loopback URLs otherwise. The baseline is the webhook POST alone (the time to a stored
/// event), measured on the same requests.
/// </remarks>
public sealed class AlertScenario(ServiceUnderTest service, ApiClient api, ResultTable results)
{
    private const string Name = "Time to alert";
    private const int Alerts = 200;
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Arrival timestamps by honeytoken id.
    private readonly ConcurrentDictionary<string, long> arrivals = new();

    public async Task RunAsync()
    {
        await using var receiver = await StartReceiverAsync();
        var receiverUrl = new Uri(receiver.Urls.First() + "/alerts");
        await api.CreateWebhookDestinationAsync(receiverUrl);

        var tokens = new List<CreatedToken>();
        for (var i = 0; i < Alerts; i++)
        {
            tokens.Add(await api.CreateTokenAsync($"bench-alert-{i:000}"));
        }

        var webhook = new Uri(service.ApiUri, "webhooks/aws/realtime");
        var runId = Guid.NewGuid().ToString("N")[..8];
        var sentAt = new Dictionary<string, long>();
        var posts = new List<TimeSpan>();
        using var http = new HttpClient();
        foreach (var (token, index) in tokens.Select((token, index) => (token, index)))
        {
            var eventId = $"{runId}-alert-{index:0000}";
            using var request = new HttpRequestMessage(HttpMethod.Post, webhook)
            {
                Content = new StringContent(EventBridgeEvents.Create(token.AccessKeyId, eventId, DateTimeOffset.UtcNow), Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation(ServiceUnderTest.WebhookHeader, service.WebhookKey);
            var started = Stopwatch.GetTimestamp();
            sentAt[token.Id.ToString()] = started;
            using var response = await http.SendAsync(request);
            posts.Add(Stopwatch.GetElapsedTime(started));
            response.EnsureSuccessStatusCode();
            await Task.Delay(Spacing);
        }

        var deadline = DateTimeOffset.UtcNow + Timeout;
        while (sentAt.Keys.Any(id => !arrivals.ContainsKey(id)) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var times = sentAt.Where(sent => arrivals.ContainsKey(sent.Key))
            .Select(sent => Stopwatch.GetElapsedTime(sent.Value, arrivals[sent.Key]))
            .ToList();
        if (times.Count == 0)
        {
            throw new InvalidOperationException($"No alert arrived at {receiverUrl} within {Timeout.TotalSeconds} s; see the silo log in {service.LogDirectory}.");
        }

        var p50 = Latencies.Percentile(times, 50);
        var p99 = Latencies.Percentile(times, 99);
        var postP50 = Latencies.Percentile(posts, 50);
        var postP99 = Latencies.Percentile(posts, 99);
        results.Add(new Figure(Name, $"p50 POST to alert received, {Alerts} tokens", Latencies.Milliseconds(p50),
            $"{Latencies.Milliseconds(postP50)} (POST to stored event)", $"{p50 / postP50:0.0}x", "-", null));
        results.Add(new Figure(Name, "p99 POST to alert received", Latencies.Milliseconds(p99),
            $"{Latencies.Milliseconds(postP99)} (POST to stored event)", $"{p99 / postP99:0.0}x", "-", null));
        results.Add(new Figure(Name, "alerts received / events posted", $"{times.Count} / {Alerts}", "-", "-", "all", times.Count == Alerts));
    }

    private async Task<WebApplication> StartReceiverAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/alerts", async (HttpRequest request) =>
        {
            var arrived = Stopwatch.GetTimestamp();
            var body = await JsonNode.ParseAsync(request.Body);
            // Each alert is the first event of its own token, so the token id identifies it.
            if (body?["honeytoken"]?["id"]?.GetValue<string>() is { } tokenId)
            {
                arrivals.TryAdd(tokenId, arrived);
            }

            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }
}
