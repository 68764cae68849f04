using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.Telemetry.Tests.Infrastructure;
using Honeytoken.Testing;

namespace Honeytoken.Telemetry.Tests;

/// <summary>
/// Scrapes the Prometheus endpoints of a running silo and Api around one use of a honeytoken
/// key, delivered by the emulator through the real-time webhook as EventBridge would.
/// </summary>
public sealed partial class MetricsEndpointTests
{
    private const int PoolSize = 2;

    private const string RealTime = "realtime";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task HoneytokenUse_MovesChannelCountsInSiloScrape()
    {
        await using var services = await ServiceProcesses.StartAsync();
        var http = services.Http;

        // Provision, hand a key out, and wait for the pool to be full again, so that no
        // provisioning call of the service is signed after this point.
        using (var upload = await http.PutAsync(new Uri(services.ApiUri, "/v1/admin/honeytoken/config"),
            new StringContent(services.ConfigurationFile(PoolSize), Encoding.UTF8, "application/json")))
        {
            Assert.True(upload.StatusCode == HttpStatusCode.Accepted, $"{await upload.Content.ReadAsStringAsync()}\n{services.Output()}");
        }

        await WaitForFullPoolAsync(services);
        using var created = await http.PostAsJsonAsync(new Uri(services.ApiUri, "/v1/honeytokens"), new { name = "metrics-test-key", type = "AWS" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var tokenId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var token = (await http.GetFromJsonAsync<JsonElement>(new Uri(services.ApiUri, $"/v1/honeytokens/{tokenId}?show_token=true"))).GetProperty("token");
        var accessKeyId = token.GetProperty("access_token_id").GetString()!;
        var secretKey = token.GetProperty("secret_key").GetString()!;
        await WaitForFullPoolAsync(services);

        // Until now the emulator had no real-time target, so it dropped the records of the
        // service's own calls. From here on the only signed call is the honeytoken's.
        await services.Aws.Control.SetDeliveriesAsync(new DeliveryTargets
        {
            RealTimeUrl = new Uri(services.ApiUri, "/webhooks/aws/realtime").ToString(),
            RealTimeHeaderName = ServiceProcesses.WebhookHeader,
            RealTimeApiKey = services.WebhookKey,
        });
        var before = await PrometheusScrape.ReadAsync(http, services.SiloMetricsUri);

        await CallGetCallerIdentityAsync(services.Aws, accessKeyId, secretKey);

        var after = await Poll.UntilAsync(
            () => PrometheusScrape.ReadAsync(http, services.SiloMetricsUri),
            scrape => Attributed(scrape, "stored") > Attributed(before, "stored"),
            Timeout,
            "the silo's scrape to count the stored real-time event");

        var detail = $"before:\n{before.Lines("honeytoken_")}\nafter:\n{after.Lines("honeytoken_")}";
        Assert.True(Received(after) - Received(before) == 1, $"events received on the real-time channel did not move by 1.\n{detail}");
        Assert.True(Attributed(after, "stored") - Attributed(before, "stored") == 1, $"stored attributed events did not move by 1.\n{detail}");
        Assert.True(Attributed(after, "merged") - Attributed(before, "merged") == 0, $"merged attributed events moved.\n{detail}");
        Assert.True(StoreDurations(after) - StoreDurations(before) == 1, $"the delivery-to-stored histogram count did not move by 1.\n{detail}");

        // The provisioning counts: at least the pool and the replacement of the key handed
        // out (in-flight work may overshoot the pool), each made by one CreateAccessKey call.
        // The health check's probe key is a CreateAccessKey call too, but not a pooled key.
        var pooled = after.Sum("honeytoken_keys_provisioned_total", ("honeytoken_provisioning_outcome", "pooled"));
        var createAccessKeyCalls = after.Sum("honeytoken_aws_calls_total",
            ("rpc_service", "IAM"), ("rpc_method", "CreateAccessKey"), ("honeytoken_aws_outcome", "success"));
        Assert.True(pooled >= PoolSize + 1, $"keys provisioned: {pooled}\n{detail}");
        Assert.True(createAccessKeyCalls >= pooled, $"CreateAccessKey calls: {createAccessKeyCalls}, keys provisioned: {pooled}\n{detail}");
        Assert.True(after.Sum("honeytoken_aws_calls_total", ("rpc_service", "STS"), ("rpc_method", "AssumeRole")) >= 1, detail);

        // Orleans' own meter is exported, and the Api's scrape carries its webhook requests.
        Assert.Contains(after.Names, name => name.StartsWith("orleans_", StringComparison.Ordinal));
        var api = await PrometheusScrape.ReadAsync(http, services.ApiMetricsUri);
        Assert.True(api.Sum("http_server_request_duration_seconds_count", ("http_route", "/webhooks/aws/realtime")) >= 1, api.Lines("http_server_request_duration_seconds_count"));

        foreach (var (process, scrape) in new[] { ("silo", after), ("api", api) })
        {
            Assert.DoesNotContain(accessKeyId, scrape.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(secretKey, scrape.Text, StringComparison.Ordinal);
            Assert.False(AccessKeyIdPattern().IsMatch(scrape.Text), $"The {process} scrape contains an access key id: {AccessKeyIdPattern().Match(scrape.Text).Value}");
        }
    }

    private static double Received(PrometheusScrape scrape) =>
        scrape.Sum("honeytoken_events_received_total", ("honeytoken_channel", RealTime));

    private static double Attributed(PrometheusScrape scrape, string outcome) =>
        scrape.Sum("honeytoken_events_attributed_total", ("honeytoken_channel", RealTime), ("honeytoken_event_outcome", outcome));

    private static double StoreDurations(PrometheusScrape scrape) =>
        scrape.Sum("honeytoken_event_store_duration_seconds_count", ("honeytoken_channel", RealTime));

    private static Task WaitForFullPoolAsync(ServiceProcesses services) =>
        Poll.UntilAsync(
            async () => (await services.Http.GetFromJsonAsync<JsonElement>(new Uri(services.ApiUri, "/v1/admin/honeytoken/setup"))).GetProperty("keys_available").GetInt32(),
            available => available >= PoolSize,
            Timeout,
            $"the key pool to hold {PoolSize} keys");

    private static async Task CallGetCallerIdentityAsync(AwsEmulatorHost aws, string accessKeyId, string secretKey)
    {
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(accessKeyId, secretKey), new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = aws.BaseUri.AbsoluteUri,
            AuthenticationRegion = "us-east-1",
            IgnoreConfiguredEndpointUrls = true,
        });
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Contains(":user/", identity.Arn, StringComparison.Ordinal);
    }

    // Long-term (AKIA) and temporary (ASIA) access key ids: four letters and 16 characters.
    [GeneratedRegex("(AKIA|ASIA)[A-Z0-9]{16}")]
    private static partial Regex AccessKeyIdPattern();
}
