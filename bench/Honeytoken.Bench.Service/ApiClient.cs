using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Honeytoken.Bench.Service;

/// <summary>A honeytoken created through the REST API, with its AWS access key id.</summary>
public sealed record CreatedToken(Guid Id, string AccessKeyId);

/// <summary>The REST API calls that the scenarios make, authenticated with the admin token.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient http;

    public ApiClient(Uri baseUri, string token)
    {
        http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
    }

    public HttpClient Http => http;

    /// <summary>Uploads a configuration file; throws with the problem details when it is rejected.</summary>
    public async Task UploadConfigurationAsync(string configuration)
    {
        using var content = new StringContent(configuration, Encoding.UTF8, "application/json");
        using var response = await http.PutAsync("v1/admin/honeytoken/config", content);
        await EnsureSuccessAsync(response, "uploading the configuration");
    }

    /// <summary>Returns the provisioning progress (<c>GET /v1/admin/honeytoken/setup</c>).</summary>
    public async Task<JsonObject> GetSetupAsync()
    {
        using var response = await http.GetAsync("v1/admin/honeytoken/setup");
        await EnsureSuccessAsync(response, "reading the set-up progress");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Creates a honeytoken from the key pool, waiting while the pool is empty.</summary>
    public async Task<CreatedToken> CreateTokenAsync(string name)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            using var response = await http.PostAsJsonAsync("v1/honeytokens", new { name, type = "AWS", description = "made by the service benchmark" });
            if ((int)response.StatusCode == 503 && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(200);
                continue;
            }

            await EnsureSuccessAsync(response, $"creating honeytoken {name}");
            var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            var id = Guid.Parse(created["id"]!.GetValue<string>());
            var key = created["token"]?["access_token_id"]?.GetValue<string>() ?? await ReadAccessKeyIdAsync(id);
            return new CreatedToken(id, key);
        }
    }

    /// <summary>Registers a webhook alert destination on a loopback URL, which needs allow_private_network.</summary>
    public async Task CreateWebhookDestinationAsync(Uri url)
    {
        using var response = await http.PostAsJsonAsync("v1/admin/notifications/destinations",
            new { type = "webhook", name = "benchmark receiver", url = url.ToString(), allow_private_network = true });
        await EnsureSuccessAsync(response, "creating the alert destination");
    }

    public void Dispose() => http.Dispose();

    private async Task<string> ReadAccessKeyIdAsync(Guid id)
    {
        var token = await http.GetFromJsonAsync<JsonObject>($"v1/honeytokens/{id}?show_token=true");
        return token!["token"]!["access_token_id"]!.GetValue<string>();
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"The Api returned {(int)response.StatusCode} {response.StatusCode} when {what}: {body}");
        }
    }
}
