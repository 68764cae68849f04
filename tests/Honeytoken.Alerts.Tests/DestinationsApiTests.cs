using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Honeytoken.Alerts.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Honeytoken.Alerts.Tests;

/// <summary>The REST endpoints, through the real Api as an Orleans client of the test cluster.</summary>
public sealed class DestinationsApiTests(AlertClusterFixture fixture) : IClassFixture<AlertClusterFixture>, IAsyncLifetime
{
    private const string Route = "/v1/admin/notifications/destinations";

    // An admin API token, registered by the Api at start like the bootstrap token of a new installation.
    private readonly string adminToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private WebApplicationFactory<Program> api = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        await fixture.DeleteAllDestinationsAsync();
        api = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Honeytoken", fixture.Database.ConnectionString);
            builder.UseSetting("Orleans:ClusterId", fixture.Cluster.Options.ClusterId);
            builder.UseSetting("Orleans:ServiceId", fixture.Cluster.Options.ServiceId);
            builder.UseSetting("HONEYTOKEN_BOOTSTRAP_TOKEN", adminToken);
            builder.UseSetting("Honeytoken:Bootstrap:TokenFile", Path.Combine(Path.GetTempPath(), $"admin-token-{Guid.NewGuid():N}"));
        });

        // The Api's Orleans client retries until it finds a gateway, so bound its start.
        client = await Task.Run(api.CreateClient).WaitAsync(TimeSpan.FromSeconds(60));
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", adminToken);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task Destination_CreateReadTestDelete_Works()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        using var created = await client.PostAsJsonAsync(Route, new { type = "webhook", name = "siem", url = receiver.Url, allow_private_network = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString();
        var secret = body.GetProperty("secret").GetString()!;
        Assert.NotEqual("********", secret);
        Assert.Equal("webhook", body.GetProperty("type").GetString());

        var read = await client.GetFromJsonAsync<JsonElement>($"{Route}/{id}");
        Assert.Equal("********", read.GetProperty("secret").GetString());
        Assert.Equal("idle", read.GetProperty("status").GetProperty("status").GetString());

        using var test = await client.PostAsync($"{Route}/{id}/test", null);
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        await Poll.UntilAsync(() => receiver.Received.Count >= 1, TimeSpan.FromSeconds(30), "the test alert");
        var request = receiver.Received.Single();
        Assert.Equal(
            Grains.Alerts.Delivery.WebhookSignature.Sign(secret, request.Headers[Grains.Alerts.Delivery.WebhookSignature.TimestampHeader], request.Body),
            request.Headers[Grains.Alerts.Delivery.WebhookSignature.SignatureHeader]);

        using var patched = await client.PatchAsJsonAsync($"{Route}/{id}", new { name = "siem-2", coalesce_window_seconds = 60 });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var afterPatch = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("siem-2", afterPatch.GetProperty("name").GetString());
        Assert.Equal(60, afterPatch.GetProperty("coalesce_window_seconds").GetDouble());

        var listed = await client.GetFromJsonAsync<JsonElement>(Route);
        Assert.Equal(1, listed.GetArrayLength());
        var health = await client.GetFromJsonAsync<JsonElement>($"{Route}/health");
        Assert.Equal("ok", health[0].GetProperty("status").GetString());

        using var deleted = await client.DeleteAsync($"{Route}/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var afterDelete = await client.GetAsync($"{Route}/{id}");
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
    }

    [Fact]
    public async Task Create_MetadataUrl_ProblemNamesUrl()
    {
        using var response = await client.PostAsJsonAsync(Route, new { type = "webhook", name = "ssrf", url = "http://169.254.169.254/latest/meta-data/", allow_private_network = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("metadata", problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownType_ProblemNamesType()
    {
        using var response = await client.PostAsJsonAsync(Route, new { type = "pager", name = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("type", out _));
    }
}
