using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Storage;

namespace Honeytoken.Api.EndToEnd.Tests;

/// <summary>The REST API over the real grains and the AWS emulator, as the README's curl session uses it.</summary>
public sealed class ApiEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Api_CreateReadResetRevoke_AgainstEmulator()
    {
        await using var environment = await ApiEnvironment.StartAsync();
        using var client = environment.CreateClient();

        // Upload the configuration and wait for the pool to fill.
        using (var upload = await client.PutAsync("/v1/admin/honeytoken/config",
            new StringContent(environment.ConfigurationFile(poolSize: 4), Encoding.UTF8, "application/json")))
        {
            Assert.True(upload.StatusCode == HttpStatusCode.Accepted, await upload.Content.ReadAsStringAsync());
        }

        await PollAsync(async () => (await client.GetFromJsonAsync<JsonElement>("/v1/admin/honeytoken/setup")).GetProperty("keys_available").GetInt32() >= 4,
            "the key pool to reach 4 keys");

        // Create, then concurrent creates with the same name: exactly one wins.
        using var created = await client.PostAsJsonAsync("/v1/honeytokens", new { name = "ci-deploy-key", type = "AWS", description = "CI variables" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var contenders = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            using var response = await client.PostAsJsonAsync("/v1/honeytokens", new { name = "contested" });
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>());
        }));
        var winner = Assert.Single(contenders, contender => contender.StatusCode == HttpStatusCode.Created);
        Assert.All(contenders.Where(contender => contender.StatusCode != HttpStatusCode.Created), loser =>
        {
            Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
            Assert.Equal(winner.Body.GetProperty("id").GetGuid(), loser.Body.GetProperty("conflicting_id").GetGuid());
        });

        // Read the key with show_token=true: it authenticates in the emulator.
        var shownToken = (await client.GetFromJsonAsync<JsonElement>($"/v1/honeytokens/{id}?show_token=true")).GetProperty("token");
        var accessKeyId = shownToken.GetProperty("access_token_id").GetString()!;
        var secretKey = shownToken.GetProperty("secret_key").GetString()!;
        Assert.Contains(":user/", await CallerArnAsync(environment, accessKeyId, secretKey), StringComparison.Ordinal);

        var listed = await client.GetFromJsonAsync<JsonElement>("/v1/honeytokens?search=ci-deploy");
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetGuid());

        // A use of the key triggers the token; reset archives the event.
        var lifecycle = environment.Cluster.Client.GetGrain<IHoneytokenLifecycleGrain>(id);
        await lifecycle.RecordEventAsync(new HoneytokenEventInput
        {
            EventKey = "event-1",
            EventTime = DateTimeOffset.UtcNow,
            Action = "sts:GetCallerIdentity",
            IpAddress = "198.51.100.7",
            Channel = "realtime",
        });
        var triggered = await client.GetFromJsonAsync<JsonElement>($"/v1/honeytokens/{id}");
        Assert.Equal("triggered", triggered.GetProperty("status").GetString());
        Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/v1/honeytokens/{id}/events?status=open")).EnumerateArray());

        using (var reset = await client.PostAsync($"/v1/honeytokens/{id}/reset", null))
        {
            Assert.True(reset.StatusCode == HttpStatusCode.OK, await reset.Content.ReadAsStringAsync());
            Assert.Equal("active", (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        // Revoke: the key stops working.
        using (var revoke = await client.PostAsync($"/v1/honeytokens/{id}/revoke", null))
        {
            Assert.True(revoke.StatusCode == HttpStatusCode.OK, await revoke.Content.ReadAsStringAsync());
            Assert.Equal("revoked", (await revoke.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        var rejected = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => CallerArnAsync(environment, accessKeyId, secretKey));
        Assert.Equal("InvalidClientTokenId", rejected.ErrorCode);
    }

    private static async Task<string> CallerArnAsync(ApiEnvironment environment, string accessKeyId, string secretKey)
    {
        using var sts = new AmazonSecurityTokenServiceClient(
            new BasicAWSCredentials(accessKeyId, secretKey),
            new AmazonSecurityTokenServiceConfig
            {
                ServiceURL = environment.Aws.BaseUri.AbsoluteUri,
                AuthenticationRegion = "us-east-1",
                IgnoreConfiguredEndpointUrls = true,
                MaxErrorRetry = 0,
            });
        return (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn;
    }

    // Provisioning offers no signal to await, so its progress is polled until a deadline.
    private static async Task PollAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {Timeout} waiting for {what}.");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
