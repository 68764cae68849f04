using System.Net;
using System.Text.Json;
using Honeytoken.Api.Tests.Infrastructure;

namespace Honeytoken.Api.Tests.Hosting;

/// <summary>
/// What the anonymous probes show during an outage: the failed check and its status, never the
/// exception text, which names hosts, ports and databases. Each test owns its fixture, because
/// the outage would break every test sharing the database or the silo.
/// </summary>
public sealed class ReadinessProbeTests : IAsyncLifetime
{
    private static readonly TimeSpan OutageTimeout = TimeSpan.FromSeconds(60);

    private readonly ApiFixture fixture = new();

    public Task InitializeAsync() => fixture.InitializeAsync();

    public async Task DisposeAsync()
    {
        await fixture.Database.AcceptConnectionsAsync();
        await fixture.DisposeAsync();
    }

    [Fact]
    public async Task Readyz_DatabaseDown_NamesCheckWithoutErrorText()
    {
        using var client = fixture.CreateClient(token: null);
        await AssertReadyAsync(client);

        await fixture.Database.RejectConnectionsAsync();
        var (body, check) = await WaitUntilUnhealthyAsync(client, "database");

        Assert.Equal("PostgreSQL is unreachable.", check.GetProperty("description").GetString());
        Assert.DoesNotContain(fixture.Database.Name, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);

        // The exception the probe leaves out is in the log.
        AssertUnhealthyCheckLogged("database", "Npgsql.");
    }

    [Fact]
    public async Task Readyz_SiloDown_NamesCheckWithoutErrorText()
    {
        using var client = fixture.CreateClient(token: null);
        await AssertReadyAsync(client);

        await fixture.Cluster.StopAllSilosAsync();
        var (body, check) = await WaitUntilUnhealthyAsync(client, "cluster");

        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(check.GetProperty("description").GetString()), body);
        AssertUnhealthyCheckLogged("cluster", "Exception");
    }

    [Fact]
    public async Task Healthz_DatabaseDown_StaysHealthy()
    {
        using var client = fixture.CreateClient(token: null);

        await fixture.Database.RejectConnectionsAsync();
        using var response = await client.GetAsync("/healthz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(fixture.Database.Name, body, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Asserts that the Api logged the unhealthy check with its exception, which contains <paramref name="exceptionText"/>.</summary>
    private void AssertUnhealthyCheckLogged(string name, string exceptionText)
    {
        var logs = fixture.Factory.Settings.Logs.Lines;
        Assert.True(
            logs.Any(line => line.Contains($"Health check {name} with status Unhealthy", StringComparison.Ordinal)
                && line.Contains(exceptionText, StringComparison.Ordinal)),
            string.Join(Environment.NewLine, logs.Where(line => line.Contains("Health", StringComparison.Ordinal))));
    }

    private static async Task AssertReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/readyz");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Polls <c>/readyz</c> until the named check is unhealthy, and returns the body and that check.</summary>
    private static async Task<(string Body, JsonElement Check)> WaitUntilUnhealthyAsync(HttpClient client, string name)
    {
        var deadline = DateTime.UtcNow + OutageTimeout;
        while (true)
        {
            using var response = await client.GetAsync("/readyz");
            var body = await response.Content.ReadAsStringAsync();
            using var document = JsonDocument.Parse(body);
            var check = document.RootElement.GetProperty("checks").GetProperty(name);
            if (check.GetProperty("status").GetString() == "unhealthy")
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("unhealthy", document.RootElement.GetProperty("status").GetString());
                return (body, check.Clone());
            }

            Assert.True(DateTime.UtcNow < deadline, $"The {name} check stayed {check.GetProperty("status").GetString()}: {body}");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
