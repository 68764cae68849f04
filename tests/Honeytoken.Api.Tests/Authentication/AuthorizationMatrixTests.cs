using System.Net;
using System.Text;
using Honeytoken.Api.Authentication;
using Honeytoken.Api.Features.Dashboard;
using Honeytoken.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Honeytoken.Api.Tests.Authentication;

/// <summary>
/// Every <c>/v1</c> endpoint against every kind of caller. Authorized calls carry ids that do
/// not exist or bodies that fail validation, so they change nothing. What matters is that they
/// are not 401 or 403.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthorizationMatrixTests(ApiFixture fixture)
{
    private const string Read = ApiScopes.HoneytokensRead;
    private const string Write = ApiScopes.HoneytokensWrite;
    private const string Admin = ApiScopes.Admin;

    private static readonly string Id = Guid.NewGuid().ToString();
    private static readonly string NoteId = Guid.NewGuid().ToString();
    private static readonly string TooLongName = new('n', 300);

    /// <summary>Method, route pattern as registered, a concrete path, the scope it requires, and a JSON body.</summary>
    public static readonly TheoryData<string, string, string, string, string?> Matrix = new()
    {
        { "POST", "/v1/honeytokens", "/v1/honeytokens", Write, $"{{\"name\":\"{TooLongName}\"}}" },
        { "GET", "/v1/honeytokens", "/v1/honeytokens", Read, null },
        { "GET", "/v1/honeytokens/{id:guid}", $"/v1/honeytokens/{Id}", Read, null },
        { "PATCH", "/v1/honeytokens/{id:guid}", $"/v1/honeytokens/{Id}", Write, "{\"name\":\"x\"}" },
        { "POST", "/v1/honeytokens/{id:guid}/reset", $"/v1/honeytokens/{Id}/reset", Write, null },
        { "POST", "/v1/honeytokens/{id:guid}/revoke", $"/v1/honeytokens/{Id}/revoke", Write, null },
        { "GET", "/v1/honeytokens/{id:guid}/events", $"/v1/honeytokens/{Id}/events", Read, null },
        { "GET", "/v1/honeytokens_events", "/v1/honeytokens_events", Read, null },
        { "GET", "/v1/honeytokens/{id:guid}/notes", $"/v1/honeytokens/{Id}/notes", Read, null },
        { "POST", "/v1/honeytokens/{id:guid}/notes", $"/v1/honeytokens/{Id}/notes", Write, "{\"comment\":\"x\"}" },
        { "PATCH", "/v1/honeytokens/{id:guid}/notes/{noteId:guid}", $"/v1/honeytokens/{Id}/notes/{NoteId}", Write, "{\"comment\":\"x\"}" },
        { "DELETE", "/v1/honeytokens/{id:guid}/notes/{noteId:guid}", $"/v1/honeytokens/{Id}/notes/{NoteId}", Write, null },
        { "POST", "/v1/admin/api-tokens", "/v1/admin/api-tokens", Admin, "{\"scopes\":[]}" },
        { "GET", "/v1/admin/api-tokens", "/v1/admin/api-tokens", Admin, null },
        { "GET", "/v1/admin/api-tokens/{id:guid}", $"/v1/admin/api-tokens/{Id}", Admin, null },
        { "DELETE", "/v1/admin/api-tokens/{id:guid}", $"/v1/admin/api-tokens/{Id}", Admin, null },
        { "PUT", "/v1/admin/honeytoken/config", "/v1/admin/honeytoken/config", Admin, "{}" },
        { "GET", "/v1/admin/honeytoken/config", "/v1/admin/honeytoken/config", Admin, null },
        { "GET", "/v1/admin/honeytoken/setup", "/v1/admin/honeytoken/setup", Admin, null },
        { "GET", "/v1/admin/log-files/quarantine", "/v1/admin/log-files/quarantine", Admin, null },
        { "POST", "/v1/admin/log-files/quarantine/retry", "/v1/admin/log-files/quarantine/retry", Admin, "{}" },
        { "POST", "/v1/admin/notifications/destinations", "/v1/admin/notifications/destinations", Admin, "{}" },
        { "GET", "/v1/admin/notifications/destinations", "/v1/admin/notifications/destinations", Admin, null },
        { "GET", "/v1/admin/notifications/destinations/health", "/v1/admin/notifications/destinations/health", Admin, null },
        { "GET", "/v1/admin/notifications/destinations/{id:guid}", $"/v1/admin/notifications/destinations/{Id}", Admin, null },
        { "PATCH", "/v1/admin/notifications/destinations/{id:guid}", $"/v1/admin/notifications/destinations/{Id}", Admin, "{}" },
        { "DELETE", "/v1/admin/notifications/destinations/{id:guid}", $"/v1/admin/notifications/destinations/{Id}", Admin, null },
        { "POST", "/v1/admin/notifications/destinations/{id:guid}/test", $"/v1/admin/notifications/destinations/{Id}/test", Admin, null },
        { "GET", "/v1/admin/health-checks", "/v1/admin/health-checks", Admin, null },
        { "POST", "/v1/admin/health-checks/{check}/run", "/v1/admin/health-checks/no-such-check/run", Admin, null },
    };

    /// <summary>The endpoints that need no API token, each for a stated reason.</summary>
    private static readonly HashSet<string> AnonymousEndpoints = new(StringComparer.Ordinal)
    {
        // Probes: the orchestrator calls them without credentials.
        "/healthz",
        "/readyz",

        // The API description and its reference page hold no data.
        "/openapi/{documentName}.json",
        "/scalar/{documentName?}",
        "/scalar/scalar.js",
        "/scalar/scalar.aspnetcore.js",
        "/scalar/favicon.svg",

        // AWS deliveries prove themselves with the webhook key or the SNS signature.
        "/webhooks/aws/realtime",
        "/webhooks/aws/sns",

        // Dashboard: the sign-in and sign-out forms, the page that explains a missing scope,
        // the redirect to the start page, and the script and style sheet, which hold no data.
        "/",
        "/sign-in",
        "/sign-out",
        "/access-denied",
        "/dashboard-assets/{name}",
    };

    // The dashboard's policies require the same scopes, from a signed-in session.
    private static readonly HashSet<string> ScopePolicies = new(
        [.. ApiScopes.All, DashboardExtensions.ReadPolicy, DashboardExtensions.WritePolicy, DashboardExtensions.AdminPolicy],
        StringComparer.Ordinal);

    [Fact]
    public void V1Endpoints_AllRequireScope()
    {
        var rows = Matrix.Select(row => $"{row[0]} {row[1]}").ToHashSet(StringComparer.Ordinal);
        var endpoints = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.StartsWith("/v1", StringComparison.Ordinal) == true)
            .ToList();

        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText!.TrimEnd('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            Assert.True(methods.Count > 0, $"{pattern} accepts every method.");

            Assert.Null(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(data => data.Policy).ToList();
            Assert.True(policies.Any(policy => policy is not null && ApiScopes.All.Contains(policy)),
                $"{string.Join(',', methods)} {pattern} requires no scope.");

            foreach (var method in methods)
            {
                Assert.True(rows.Contains($"{method} {pattern}"), $"{method} {pattern} has no row in the authorization matrix.");
            }
        }
    }

    [Fact]
    public void EveryEndpoint_RequiresScope_OrIsKnownAnonymous()
    {
        var endpoints = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        // An endpoint with neither a scope nor AllowAnonymous relies on the fallback policy,
        // which lets a token of any scope through.
        var unscoped = endpoints
            .Where(endpoint => !endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(data => data.Policy is not null && ScopePolicies.Contains(data.Policy)))
            .Where(endpoint => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(endpoint => endpoint.RoutePattern.RawText)
            .ToList();
        Assert.True(unscoped.Count == 0, $"These endpoints state neither a scope nor AllowAnonymous: {string.Join(", ", unscoped)}");

        var unexpectedAnonymous = endpoints
            .Where(endpoint => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(endpoint => endpoint.RoutePattern.RawText ?? "")
            .Where(pattern => !AnonymousEndpoints.Contains(pattern))
            .ToList();
        Assert.True(unexpectedAnonymous.Count == 0, $"These endpoints allow anonymous requests but are not listed: {string.Join(", ", unexpectedAnonymous)}");
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Endpoint_AnswersByScope(string method, string pattern, string path, string scope, string? body)
    {
        var callers = new List<(string Name, string? Token, IReadOnlyList<string> Scopes)>
        {
            ("no token", null, []),
            ("unknown token", ApiTokenValues.Generate(), []),
        };
        foreach (var scopes in new[] { [Read], [Write], [Admin], ApiScopes.All.ToArray(), new[] { Read, Write } })
        {
            var (_, value) = await fixture.CreateApiTokenAsync(scopes);
            callers.Add((string.Join('+', scopes), value, scopes));
        }

        foreach (var (name, token, scopes) in callers)
        {
            using var client = fixture.CreateClient(token);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);

            var expected = scopes.Count == 0 ? HttpStatusCode.Unauthorized
                : scopes.Contains(scope) ? (HttpStatusCode?)null
                : HttpStatusCode.Forbidden;
            var status = response.StatusCode;
            if (expected is { } denied)
            {
                Assert.True(status == denied, $"{method} {pattern} with {name}: expected {(int)denied}, got {(int)status}.");
            }
            else
            {
                // Some handlers call grains that the test silo does not host, so a 500 after
                // authorization still counts: this test checks who gets through, not what follows.
                Assert.True(status is not HttpStatusCode.Unauthorized and not HttpStatusCode.Forbidden,
                    $"{method} {pattern} with {name}: expected to pass authorization, got {(int)status}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }
}
