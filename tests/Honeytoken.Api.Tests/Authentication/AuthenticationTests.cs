using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Honeytoken.Api.Authentication;
using Honeytoken.Api.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Honeytoken.Api.Tests.Authentication;

[Collection(ApiCollection.Name)]
public sealed class AuthenticationTests(ApiFixture fixture)
{
    [Fact]
    public async Task MissingToken_Returns401WithChallenge()
    {
        using var client = fixture.CreateClient(token: null);

        using var response = await client.GetAsync("/v1/honeytokens");

        var problem = await ProblemAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Token", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("Authorization: Token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Token hto_not-a-real-token")]
    [InlineData("Bearer something")]
    [InlineData("Token ")]
    public async Task WrongToken_Returns401(string header)
    {
        using var client = fixture.CreateClient(token: null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);

        using var response = await client.GetAsync("/v1/honeytokens");

        await ProblemAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Token", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task BootstrapToken_FromEnvironment_HasEveryScope()
    {
        using var client = fixture.CreateClient(fixture.BootstrapToken);

        foreach (var path in new[] { "/v1/honeytokens", "/v1/admin/api-tokens" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var command = fixture.Database.DataSource.CreateCommand(
            "SELECT scopes FROM api_tokens WHERE token_sha256 = @hash");
        command.Parameters.AddWithValue("hash", ApiTokenValues.Hash(fixture.BootstrapToken));
        var scopes = (string[])(await command.ExecuteScalarAsync())!;
        Assert.Equal(ApiScopes.All.Order(), scopes.Order());
    }

    [Fact]
    public async Task ExpiredToken_Returns401_OnceTheClockPassesExpiry()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = fixture.CreateFactory(settings => settings with { TimeProvider = time });
        var (_, value) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead], expiresAt: time.GetUtcNow().AddHours(1));
        using var client = fixture.CreateClient(value, factory);

        using (var before = await client.GetAsync("/v1/honeytokens"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        time.Advance(TimeSpan.FromHours(1));

        using var after = await client.GetAsync("/v1/honeytokens");
        var problem = await ProblemAssert.ProblemAsync(after, HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedToken_Returns401AtOnce()
    {
        using var admin = fixture.CreateClient(fixture.BootstrapToken);

        using var created = await admin.PostAsJsonAsync("/v1/admin/api-tokens", new { name = "reader", scopes = new[] { ApiScopes.HoneytokensRead } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var value = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("api_token").GetProperty("id").GetGuid();
        Assert.StartsWith(ApiTokenValues.Prefix, value, StringComparison.Ordinal);

        using var reader = fixture.CreateClient(value);
        using (var first = await reader.GetAsync("/v1/honeytokens"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // The value is shown once: reading the token back never returns it.
        var listed = await admin.GetStringAsync($"/v1/admin/api-tokens/{id}");
        Assert.DoesNotContain(value, listed, StringComparison.Ordinal);

        using (var revoke = await admin.DeleteAsync($"/v1/admin/api-tokens/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        using var afterRevoke = await reader.GetAsync("/v1/honeytokens");
        var problem = await ProblemAssert.ProblemAsync(afterRevoke, HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var actions = await AuditActionsAsync(id);
        Assert.Equal(["api_token.created", "api_token.revoked"], actions);
    }

    [Fact]
    public async Task CreateToken_InvalidScope_Returns400NamingScopes()
    {
        using var admin = fixture.CreateClient(fixture.BootstrapToken);

        using var response = await admin.PostAsJsonAsync("/v1/admin/api-tokens", new { name = "x", scopes = new[] { "honeytokens:delete" } });

        var message = await ProblemAssert.InvalidFieldAsync(response, "scopes");
        Assert.Contains("honeytokens:delete", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"x","scopes":["honeytokens:read"],"scopes":["admin"]}""", "$.scopes", "more than once")]
    [InlineData("""{"name":"x","name":"y","scopes":["honeytokens:read"]}""", "$.name", "more than once")]
    [InlineData("""{"name":"x","scopes":["admin"],"Scopes":["admin"]}""", "$.Scopes", "unknown field 'Scopes'")]
    [InlineData("""{"Name":"x","scopes":["honeytokens:read"]}""", "$.Name", "unknown field 'Name'")]
    public async Task CreateToken_RepeatedOrMiscasedField_Returns400NamingIt(string body, string field, string expected)
    {
        using var admin = fixture.CreateClient(fixture.BootstrapToken);

        using var response = await admin.PostAsync("/v1/admin/api-tokens", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        var message = messages[0].GetString();
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Honeytoken.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimit_Returns429WithRetryAfter()
    {
        const int Permits = 3;
        await using var factory = fixture.CreateFactory(settings => settings with { PermitsPerWindow = Permits });
        var (_, value) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead]);
        var (_, other) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(value, factory);

        for (var i = 0; i < Permits; i++)
        {
            using var allowed = await client.GetAsync("/v1/honeytokens");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await client.GetAsync("/v1/honeytokens");
        await ProblemAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        // The limit is per token: another token still gets through.
        using var otherClient = fixture.CreateClient(other, factory);
        using var otherResponse = await otherClient.GetAsync("/v1/honeytokens");
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
    }

    private async Task<List<string>> AuditActionsAsync(Guid tokenId)
    {
        await using var command = fixture.Database.DataSource.CreateCommand(
            "SELECT action, actor_kind FROM audit_log WHERE target_type = 'api_token' AND target_id = @id ORDER BY id");
        command.Parameters.AddWithValue("id", tokenId.ToString());
        var actions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Assert.Equal("api_token", reader.GetString(1));
            actions.Add(reader.GetString(0));
        }

        return actions;
    }
}
