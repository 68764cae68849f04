using System.Net;
using Honeytoken.Api.Authentication;
using Honeytoken.Api.Tests.Infrastructure;

namespace Honeytoken.Api.Tests.Hosting;

/// <summary>
/// Takes the database away from a running Api and its silo. These tests own their fixture,
/// because the outage would break every test sharing the database.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly ApiFixture fixture = new();

    public Task InitializeAsync() => fixture.InitializeAsync();

    public async Task DisposeAsync()
    {
        await fixture.Database.AcceptConnectionsAsync();
        await fixture.DisposeAsync();
    }

    [Fact]
    public async Task ListHoneytokens_DatabaseDown_Returns503ThenRecovers()
    {
        var (_, token) = await fixture.CreateApiTokenAsync([ApiScopes.HoneytokensRead]);
        using var client = fixture.CreateClient(token);
        using (var before = await client.GetAsync("/v1/honeytokens"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await fixture.Database.RejectConnectionsAsync();
        using (var during = await client.GetAsync("/v1/honeytokens"))
        {
            var problem = await ProblemAssert.ProblemAsync(during, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("database", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(5), during.Headers.RetryAfter?.Delta);
        }

        // Recovery needs nothing from the operator: the next request after the outage succeeds.
        await fixture.Database.AcceptConnectionsAsync();
        using var after = await client.GetAsync("/v1/honeytokens");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
