using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Honeytoken.Api.Authentication;
using Honeytoken.Api.Tests.Infrastructure;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Setup;

namespace Honeytoken.Api.Tests.Honeytokens;

/// <summary>Create, read, update, reset and revoke through the grains of the test silo.</summary>
[Collection(ApiCollection.Name)]
public sealed class HoneytokenCommandTests(ApiFixture fixture)
{
    [Fact]
    public async Task Create_TakesAPooledKey_AndReturns201()
    {
        await fixture.AddPooledKeysAsync(1);
        var (writerId, writer) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensWrite]);
        using var client = fixture.CreateClient(writer);
        var name = $"ci-deploy-{Guid.NewGuid():N}";

        using var response = await client.PostAsJsonAsync("/v1/honeytokens", new
        {
            name,
            type = "AWS",
            description = "planted in CI",
            custom_tags = new[] { new { key = "team", value = "payments" } },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/v1/honeytokens/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(name, body.GetProperty("name").GetString());
        Assert.Equal("active", body.GetProperty("status").GetString());
        Assert.Equal(writerId.ToString(), body.GetProperty("creator_id").GetString());
        Assert.Equal("payments", body.GetProperty("custom_tags")[0].GetProperty("value").GetString());
        Assert.False(body.TryGetProperty("token", out _));
    }

    [Fact]
    public async Task Create_EmptyPool_Returns503WithRetryAfter()
    {
        await DrainPoolAsync();
        var (_, writer) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensWrite]);
        using var client = fixture.CreateClient(writer);

        using var response = await client.PostAsJsonAsync("/v1/honeytokens", new { name = $"empty-{Guid.NewGuid():N}" });

        var problem = await ProblemAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("provisioning is behind", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Create_SameNameConcurrently_OneWins()
    {
        const int Contenders = 8;
        await DrainPoolAsync();
        await fixture.AddPooledKeysAsync(Contenders);
        var (_, writer) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensWrite]);
        var name = $"contested-{Guid.NewGuid():N}";

        var responses = await Task.WhenAll(Enumerable.Range(0, Contenders).Select(async _ =>
        {
            using var client = fixture.CreateClient(writer);
            using var response = await client.PostAsJsonAsync("/v1/honeytokens", new { name });
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>());
        }));

        var winner = Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Created);
        var winnerId = winner.Body.GetProperty("id").GetGuid();
        var losers = responses.Where(response => response.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(Contenders - 1, losers.Count);
        Assert.All(losers, loser =>
        {
            Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
            Assert.Equal(winnerId, loser.Body.GetProperty("conflicting_id").GetGuid());
        });

        // The losers' keys went back to the pool.
        Assert.Equal(Contenders - 1, await fixture.Client.GetGrain<IKeyPoolGrain>(Installation.DefaultId).CountAsync());
    }

    [Fact]
    public async Task Get_ShowToken_ReturnsSecretKey()
    {
        var id = await CreateAsync();
        var (_, reader) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(reader);

        var plain = await client.GetFromJsonAsync<JsonElement>($"/v1/honeytokens/{id}");
        Assert.False(plain.TryGetProperty("token", out _));

        var withSecret = await client.GetFromJsonAsync<JsonElement>($"/v1/honeytokens/{id}?show_token=true");
        var token = withSecret.GetProperty("token");
        Assert.Equal(TestHoneytokenGrain.SecretOf(id), token.GetProperty("secret_key").GetString());
        Assert.StartsWith("AKIA", token.GetProperty("access_token_id").GetString(), StringComparison.Ordinal);

        var listed = await client.GetFromJsonAsync<JsonElement>($"/v1/honeytokens?show_token=true&search={withSecret.GetProperty("name").GetString()}");
        Assert.Equal(TestHoneytokenGrain.SecretOf(id), listed[0].GetProperty("token").GetProperty("secret_key").GetString());
    }

    [Fact]
    public async Task Create_ShowTokenWithoutReadScope_Returns403()
    {
        var (_, writer) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensWrite]);
        using var client = fixture.CreateClient(writer);

        using var response = await client.PostAsJsonAsync("/v1/honeytokens?show_token=true", new { name = "x" });

        var problem = await ProblemAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains(ApiScopes.HoneytokensRead, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_ChangesName_AndUnknownIdReturns404()
    {
        var id = await CreateAsync();
        var (_, writer) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensWrite]);
        using var client = fixture.CreateClient(writer);
        var renamed = $"renamed-{Guid.NewGuid():N}";

        using var response = await client.PatchAsJsonAsync($"/v1/honeytokens/{id}", new { name = renamed });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(renamed, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        using var missing = await client.PatchAsJsonAsync($"/v1/honeytokens/{Guid.NewGuid()}", new { name = renamed });
        await ProblemAssert.ProblemAsync(missing, HttpStatusCode.NotFound);

        using var empty = await client.PatchAsJsonAsync($"/v1/honeytokens/{id}", new { });
        await ProblemAssert.InvalidFieldAsync(empty, "body");
    }

    [Fact]
    public async Task Reset_ActiveToken_Returns400_TriggeredToken_BecomesActive()
    {
        var id = await CreateAsync();
        var (_, writer) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensWrite, ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(writer);

        using (var notTriggered = await client.PostAsync($"/v1/honeytokens/{id}/reset", null))
        {
            var problem = await ProblemAssert.ProblemAsync(notTriggered, HttpStatusCode.BadRequest);
            Assert.Contains("triggered", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var eventId = await fixture.InsertEventAsync(id, "open", "203.0.113.9", DateTimeOffset.UtcNow);
        await using (var trigger = fixture.Database.DataSource.CreateCommand(
            "UPDATE honeytokens SET lifecycle = 'triggered', triggered_at = now(), open_events_count = 1 WHERE id = @id"))
        {
            trigger.Parameters.AddWithValue("id", id);
            await trigger.ExecuteNonQueryAsync();
        }

        using var reset = await client.PostAsync($"/v1/honeytokens/{id}/reset", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal("active", (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var events = await PageReader.GetAllAsync(client, $"/v1/honeytokens/{id}/events?status=archived");
        Assert.Equal(eventId, Assert.Single(events).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Revoke_MarksRevoked_AndRecordsTheRevoker()
    {
        var id = await CreateAsync();
        var (writerId, writer) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensWrite]);
        using var client = fixture.CreateClient(writer);

        using var response = await client.PostAsync($"/v1/honeytokens/{id}/revoke", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("revoked", body.GetProperty("status").GetString());
        Assert.Equal(writerId.ToString(), body.GetProperty("revoker_id").GetString());
        Assert.NotEqual(JsonValueKind.Null, body.GetProperty("revoked_at").ValueKind);
    }

    private async Task<Guid> CreateAsync()
    {
        await fixture.AddPooledKeysAsync(1);
        using var client = fixture.CreateClient(fixture.BootstrapToken);
        using var response = await client.PostAsJsonAsync("/v1/honeytokens", new { name = $"t-{Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task DrainPoolAsync()
    {
        var pool = fixture.Client.GetGrain<IKeyPoolGrain>(Installation.DefaultId);
        for (var i = 0; i < 10_000 && await pool.TakeAsync() is not null; i++)
        {
        }
    }
}
