using Honeytoken.Alerts.Tests.Infrastructure;
using Honeytoken.Grains.Alerts;
using Orleans.TestingHost;

namespace Honeytoken.Alerts.Tests;

/// <summary>A cluster whose destinations count as failing after 2 seconds instead of an hour.</summary>
public sealed class FailingClusterFixture : AlertClusterFixture
{
    protected override void Configure(TestClusterBuilder builder) =>
        builder.Properties[AlertClusterConfigurator.FailingAfterKey] = "00:00:02";
}

public sealed class FailingStatusTests(FailingClusterFixture fixture) : IClassFixture<FailingClusterFixture>
{
    [Fact]
    public async Task FailingPastThreshold_ShownNotDisabled()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailWithStatus = 503;
        var created = await fixture.CreateAsync(new DestinationSettings { Type = DestinationType.Webhook, Name = "down", Url = receiver.Url, AllowPrivateNetwork = true });
        var tokenId = Guid.NewGuid();

        await fixture.Dispatcher.NotifyAsync(new AlertNotice(AlertAction.HoneytokenTriggered, AlertClusterFixture.Token(tokenId, "t"), AlertClusterFixture.Event(tokenId, "e1")));

        var health = await Poll.UntilAsync(
            () => fixture.Dispatcher.GetHealthAsync(),
            list => list.Any(entry => entry.Status == DestinationStatus.Failing),
            TimeSpan.FromSeconds(30),
            "the destination to show as failing");
        var entry = Assert.Single(health);
        Assert.Equal(created.Destination!.Id, entry.Id);
        Assert.NotNull(entry.FailingSince);
        Assert.Contains("503", entry.LastError, StringComparison.Ordinal);
        Assert.Equal(1, entry.PendingDeliveries);

        // The health page lists the failing destination.
        var contributor = new AlertDestinationsHealthContributor(fixture.Cluster.Client, TimeProvider.System);
        var result = Assert.Single(await contributor.GetResultsAsync("default", CancellationToken.None));
        Assert.Equal(AlertDestinationsHealthContributor.SubCheckPrefix + "down", result.Name);
        Assert.Equal(Grains.Health.HealthStatus.Failing, result.Status);
        Assert.Contains("503", result.Message, StringComparison.Ordinal);

        // Still retried while failing: the alert arrives once the receiver recovers.
        receiver.FailWithStatus = null;
        await Poll.UntilAsync(() => receiver.Received.Count >= 1, TimeSpan.FromSeconds(30), "the alert after recovery");
        var recovered = await Poll.UntilAsync(
            () => fixture.Dispatcher.GetHealthAsync(),
            list => list.Single().Status == DestinationStatus.Ok,
            TimeSpan.FromSeconds(30),
            "the destination to recover");
        Assert.Null(recovered.Single().FailingSince);
        Assert.Empty(await contributor.GetResultsAsync("default", CancellationToken.None));
    }
}
