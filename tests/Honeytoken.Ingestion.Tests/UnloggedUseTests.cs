using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.Grains.Events;
using Honeytoken.Grains.Setup;
using Honeytoken.Ingestion.Tests.Infrastructure;

namespace Honeytoken.Ingestion.Tests;

/// <summary>IAM's last-used data reveals a use that no CloudTrail record reported.</summary>
[Collection(IngestionCollection.Name)]
public sealed class UnloggedUseTests(IngestionHarness harness)
{
    [Fact]
    public async Task Sweep_UseWithoutRecord_StoresUnloggedEvent()
    {
        var token = await harness.CreateTokenAsync("unlogged");
        var realTimeOff = new DeliveryTargets
        {
            RealTimeUrl = null,
            SnsEndpointUrl = new Uri(harness.ApiBaseUri, "/webhooks/aws/sns").ToString(),
        };
        var realTimeOn = realTimeOff with
        {
            RealTimeUrl = new Uri(harness.ApiBaseUri, "/webhooks/aws/realtime").ToString(),
            RealTimeHeaderName = IngestionHarness.WebhookHeader,
            RealTimeApiKey = IngestionHarness.WebhookKey,
        };

        // No real-time delivery and no log file: only IAM's last-used data records the call.
        await harness.Emulator.Control.SetDeliveriesAsync(realTimeOff);
        try
        {
            var (exitCode, _, stderr) = await AwsCli.RunAsync(harness.Emulator.BaseUri, token.AccessKeyId!, token.SecretAccessKey!, "sts", "get-caller-identity");
            Assert.True(exitCode == 0, stderr);
        }
        finally
        {
            await harness.Emulator.Control.SetDeliveriesAsync(realTimeOn);
        }

        Assert.Empty(await harness.GetEventsAsync(token.Id));
        var sweep = harness.Grains.GetGrain<IUnloggedUseSweepGrain>(Installation.DefaultId);

        var recorded = await sweep.RunOnceAsync();
        var again = await sweep.RunOnceAsync();

        Assert.True(recorded >= 1, $"the sweep recorded {recorded} events");
        Assert.Equal(0, again);
        var stored = Assert.Single(await harness.GetEventsAsync(token.Id));
        Assert.True(stored.Channels.ContainsKey(EventChannels.UnloggedUse));
        Assert.EndsWith(":UsedWithoutCloudTrailRecord", stored.Action, StringComparison.Ordinal);
        Assert.Null(stored.IpAddress);
    }
}
