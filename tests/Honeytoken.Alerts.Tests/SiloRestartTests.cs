using Honeytoken.Alerts.Tests.Infrastructure;
using Honeytoken.Grains.Alerts;

namespace Honeytoken.Alerts.Tests;

/// <summary>A cluster of its own, because the test kills its only silo.</summary>
public sealed class RestartClusterFixture : AlertClusterFixture;

public sealed class SiloRestartTests(RestartClusterFixture fixture) : IClassFixture<RestartClusterFixture>
{
    [Fact]
    public async Task SiloKilled_PendingDeliveries_DeliveredAfterRestart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailWithStatus = 503;
        var created = await fixture.CreateAsync(new DestinationSettings { Type = DestinationType.Webhook, Name = "survivor", Url = receiver.Url, AllowPrivateNetwork = true });

        var tokens = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        foreach (var (tokenId, index) in tokens.Select((id, index) => (id, index)))
        {
            await fixture.Dispatcher.NotifyAsync(new AlertNotice(AlertAction.HoneytokenTriggered, AlertClusterFixture.Token(tokenId, $"token-{index}"), AlertClusterFixture.Event(tokenId, $"e{index}")));
        }

        await Poll.UntilAsync(() => receiver.RejectedCount >= 2, TimeSpan.FromSeconds(30), "failed attempts before the kill");

        // An ungraceful stop: the activation is not deactivated and writes nothing more.
        await fixture.Cluster.KillSiloAsync(fixture.Cluster.Primary!);
        receiver.FailWithStatus = null;
        await fixture.Cluster.StartAdditionalSiloAsync();

        await Poll.UntilAsync(() => receiver.Received.Count >= 3, TimeSpan.FromSeconds(90), "the pending alerts after the restart");

        var events = receiver.Received.Select(request => request.Json.GetProperty("honeytoken_event").GetProperty("id").GetString()).ToList();
        Assert.Equal(["e0", "e1", "e2"], events);

        var view = await Poll.UntilAsync(
            () => fixture.Cluster.Client.GetGrain<IAlertDestinationGrain>(created.Destination!.Id).GetAsync(),
            v => v!.PendingDeliveries == 0,
            TimeSpan.FromSeconds(30),
            "an empty queue");
        Assert.Equal(DestinationStatus.Ok, view!.Health.Status);
    }
}
