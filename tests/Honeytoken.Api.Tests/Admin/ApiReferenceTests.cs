using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Honeytoken.Api.Tests.Infrastructure;

namespace Honeytoken.Api.Tests.Admin;

[Collection(ApiCollection.Name)]
public sealed partial class ApiReferenceTests(ApiFixture fixture)
{
    [Fact]
    public async Task OpenApiDocument_IsPublic_ListsV1Paths()
    {
        using var client = fixture.CreateClient(token: null);

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/v1/honeytokens", "/v1/honeytokens/{id}", "/v1/honeytokens/{id}/reset", "/v1/honeytokens_events",
                     "/v1/admin/api-tokens", "/v1/admin/honeytoken/config", "/v1/admin/honeytoken/setup" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"The document lacks {path}.");
        }

        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Token", out _));
    }

    [Fact]
    public async Task ReferencePage_LoadsOnlyFromThisServer()
    {
        using var client = fixture.CreateClient(token: null);

        using var page = await client.GetAsync("/scalar/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET /scalar/: {(int)page.StatusCode}");

        // Every script, stylesheet and font the page names must come from this server.
        var sources = ResourceReference().Matches(html).Select(match => match.Groups["url"].Value).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.False(Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http", StringComparison.Ordinal),
            $"The page loads {source} from another host."));
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.Ordinal);

        foreach (var source in sources.Where(source => source.EndsWith(".js", StringComparison.Ordinal)))
        {
            using var script = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/scalar/"), source));
            Assert.True(script.StatusCode == HttpStatusCode.OK, $"The page's script {source} is not served: {(int)script.StatusCode}");
        }
    }

    [GeneratedRegex("""(?:src|href)\s*=\s*["'](?<url>[^"']+)["']""")]
    private static partial Regex ResourceReference();
}
