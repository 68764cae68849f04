using System.Net;
using System.Text.Json;

namespace Honeytoken.Api.Tests.Infrastructure;

/// <summary>Checks on problem-details responses.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts a 400 problem whose <c>errors</c> names the field, and returns its message.</summary>
    public static async Task<string> InvalidFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var document = JsonDocument.Parse(body);
        var errors = document.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"The errors do not name '{field}': {body}");

        var message = messages[0].GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Contains(field, document.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return message;
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
