using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Honeytoken.AwsEmulator.Tests.Infrastructure;

/// <summary>A POST received by <see cref="WebhookReceiver"/>.</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt);

/// <summary>
/// A loopback HTTP server standing in for the service's webhooks. It stores every POST and
/// responds with the status that <see cref="StatusFor"/> picks, 200 by default.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Channel<ReceivedRequest> received = Channel.CreateUnbounded<ReceivedRequest>();
    private readonly List<ReceivedRequest> seen = [];

    private WebhookReceiver(WebApplication app) => this.app = app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Picks the response status from the request and how many requests came before it.</summary>
    public Func<ReceivedRequest, int, int> StatusFor { get; set; } = (_, _) => 200;

    /// <summary>Awaited after a request is stored and before the response is sent, so a test can keep requests open.</summary>
    public Func<Task> BeforeAnswering { get; set; } = () => Task.CompletedTask;

    public Uri RealTimeUrl => new(BaseUri, "webhooks/aws/realtime");

    public Uri SnsUrl => new(BaseUri, "webhooks/aws/sns");

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var count = 0;
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new ReceivedRequest(
                context.Request.Path,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await reader.ReadToEndAsync(),
                DateTimeOffset.UtcNow);
            var status = receiver.StatusFor(request, Interlocked.Increment(ref count) - 1);
            receiver.received.Writer.TryWrite(request);
            await receiver.BeforeAnswering();
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    /// <summary>Waits for the next request that matches, keeping all requests for <see cref="All"/>.</summary>
    public async Task<ReceivedRequest> WaitForAsync(Func<ReceivedRequest, bool> match, TimeSpan timeout, string description)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var request = await received.Reader.ReadAsync(deadline.Token);
                lock (seen)
                {
                    seen.Add(request);
                }

                if (match(request))
                {
                    return request;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No webhook request matching '{description}' arrived within {timeout}. Received: {string.Join(" | ", All().Select(r => r.Path + " " + r.Body[..Math.Min(200, r.Body.Length)]))}");
        }
    }

    /// <summary>Returns the requests consumed by <see cref="WaitForAsync"/> so far.</summary>
    public IReadOnlyList<ReceivedRequest> All()
    {
        lock (seen)
        {
            return seen.ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
