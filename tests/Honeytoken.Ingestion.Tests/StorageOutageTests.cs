using System.Net;
using Honeytoken.Grains.Events;
using Honeytoken.Ingestion.Tests.Infrastructure;

namespace Honeytoken.Ingestion.Tests;

/// <summary>While the query tables cannot be written, real-time deliveries are refused with 5xx so that AWS retries them.</summary>
[Collection(IngestionCollection.Name)]
public sealed class StorageOutageTests(IngestionHarness harness)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task StorageDown_Returns503ThenRetryStores()
    {
        var token = await harness.CreateTokenAsync("storage-down");
        var proxy = harness.QueryTablesProxy;
        var headers = new Dictionary<string, string> { [IngestionHarness.WebhookHeader] = IngestionHarness.WebhookKey };

        proxy.Cut();
        try
        {
            var direct = await harness.PostAsync(
                "/webhooks/aws/realtime",
                ForgedWebhookTests.Envelope(CloudTrailFiles.Record(token.AccessKeyId!, DateTimeOffset.UtcNow)),
                headers);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, direct);

            // The emulator's delivery of a real call meets the same outage and is retried.
            var refusedBefore = proxy.RefusedConnections;
            var (exitCode, _, stderr) = await AwsCli.RunAsync(harness.Emulator.BaseUri, token.AccessKeyId!, token.SecretAccessKey!, "sts", "get-caller-identity");
            Assert.True(exitCode == 0, stderr);
            await Poll.UntilAsync(() => Task.FromResult(proxy.RefusedConnections), refused => refused > refusedBefore + 1, Deadline, "a delivery attempt to hit the outage");
        }
        finally
        {
            proxy.Restore();
        }

        var events = await Poll.UntilAsync(() => harness.GetEventsAsync(token.Id), events => events.Count == 1, Deadline, "the retried delivery to be stored");
        var stored = Assert.Single(events);
        Assert.Equal("sts:GetCallerIdentity", stored.Action);
        Assert.True(stored.Channels.ContainsKey(EventChannels.RealTime));
        Assert.StartsWith("aws-cli/", stored.UserAgent, StringComparison.Ordinal);
    }
}
