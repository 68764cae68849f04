using System.Net;
using System.Text.RegularExpressions;
using Honeytoken.Dashboard.Tests.Infrastructure;

namespace Honeytoken.Dashboard.Tests;

/// <summary>Form posts without the anti-forgery token are rejected, and pages carry the security headers.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class AntiforgeryTests(DashboardHarness harness)
{
    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_Returns400()
    {
        using var client = NewClient();

        using var response = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = harness.BootstrapToken }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, header => header.Key == "Set-Cookie" && header.Value.Any(value => value.StartsWith("honeytoken_session", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignedInForms_WithoutAntiforgeryToken_Return400()
    {
        using var client = NewClient();
        await SignInAsync(client);

        using var create = await client.PostAsync("/honeytokens", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "forged" }));
        using var upload = await client.PostAsync("/settings/honeytoken", new MultipartFormDataContent { { new StringContent("{}"), "configuration", "aws_honeytoken_config.json" } });
        using var run = await client.PostAsync("/health-checks/aws-access/run", new FormUrlEncodedContent([]));
        using var signOut = await client.PostAsync("/sign-out", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, run.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        using var list = await client.GetAsync("/honeytokens?search=forged");
        Assert.Contains("No honeytoken matches these filters.", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_SecurityHeaders_ForbidInlineScriptsAndFraming()
    {
        using var client = NewClient();

        using var response = await client.GetAsync("/sign-in");

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_WithoutSession_RedirectToSignIn()
    {
        using var client = NewClient();

        using var response = await client.GetAsync("/honeytokens");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private HttpClient NewClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = harness.BaseUri,
            Timeout = TimeSpan.FromSeconds(60),
        };

    private async Task SignInAsync(HttpClient client)
    {
        var form = await client.GetStringAsync("/sign-in");
        var antiforgery = AntiforgeryField().Match(form).Groups[1].Value;

        using var response = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["token"] = harness.BootstrapToken,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
