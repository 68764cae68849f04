using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Testing;

/// <summary>One alert as the webhook destination received it: the fields of the envelope that tests count.</summary>
public sealed record ReceivedAlert(string DeliveryId, string Action, Guid HoneytokenId, int EventCount)
{
    /// <summary>The <c>honeytoken_event</c> object of the message, or null when it has none.</summary>
    public JsonElement? Event { get; init; }
}

/// <summary>
/// A webhook alert destination on a loopback port that records every honeytoken alert it
/// receives, redeliveries included, and returns 200. Test alerts are not recorded.
/// </summary>
public sealed class AlertReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedAlert> received = new();
    private WebApplication app = null!;

    /// <summary>The URL to configure as the destination's <c>url</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Every request received, redeliveries included, in arrival order.</summary>
    public IReadOnlyList<ReceivedAlert> Received => [.. received];

    public static async Task<AlertReceiver> StartAsync()
    {
        var receiver = new AlertReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var web = builder.Build();
        web.MapPost("/alerts", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var root = body.RootElement;
            var action = root.GetProperty("action").GetString()!;
            if (action != "test")
            {
                var honeytokenEvent = root.TryGetProperty("honeytoken_event", out var value) && value.ValueKind == JsonValueKind.Object
                    ? value.Clone()
                    : (JsonElement?)null;
                receiver.received.Enqueue(new ReceivedAlert(
                    root.GetProperty("delivery_id").GetString()!,
                    action,
                    Guid.Parse(root.GetProperty("honeytoken").GetProperty("id").GetString()!),
                    root.GetProperty("event_count").GetInt32())
                {
                    Event = honeytokenEvent,
                });
            }

            return Results.Ok();
        });

        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.app = web;
        receiver.Url = address.TrimEnd('/') + "/alerts";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
