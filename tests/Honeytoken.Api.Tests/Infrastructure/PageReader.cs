using System.Net;
using System.Text.Json;

namespace Honeytoken.Api.Tests.Infrastructure;

/// <summary>Follows <c>Link: &lt;…&gt;; rel="next"</c> headers through a list.</summary>
public static class PageReader
{
    /// <summary>Returns the URL of the next page, or null on the last page.</summary>
    public static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        var link = values.Single();
        Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
        return link[1..link.IndexOf('>', StringComparison.Ordinal)];
    }

    /// <summary>Reads one page: its items and the next link.</summary>
    public static async Task<(List<JsonElement> Items, string? Next)> GetPageAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");

        using var document = JsonDocument.Parse(body);
        return ([.. document.RootElement.EnumerateArray().Select(item => item.Clone())], NextLink(response));
    }

    /// <summary>Reads every page, up to <paramref name="maxPages"/>, and returns the items in order.</summary>
    public static async Task<List<JsonElement>> GetAllAsync(HttpClient client, string url, int maxPages = 1000)
    {
        var items = new List<JsonElement>();
        string? next = url;
        for (var page = 0; next is not null; page++)
        {
            Assert.True(page < maxPages, $"More than {maxPages} pages from {url}.");
            (var pageItems, next) = await GetPageAsync(client, next);
            items.AddRange(pageItems);
        }

        return items;
    }

    public static List<Guid> Ids(IEnumerable<JsonElement> items) => [.. items.Select(item => item.GetProperty("id").GetGuid())];
}
