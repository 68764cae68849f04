extern alias api;

using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Honeytoken.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Honeytoken.Dashboard.Tests;

/// <summary>An operator's first session, in the browser: configure, create, trigger, reset, revoke.</summary>
[Collection(DashboardCollection.Name)]
public sealed class HoneytokenFlowTests(DashboardHarness harness)
{
    private static readonly LocatorAssertionsToHaveTextOptions Provisioning = new() { Timeout = 90_000 };

    private static readonly LocatorAssertionsToContainTextOptions EventArrival = new() { Timeout = 60_000 };

    private const string ProgressPath = "/settings/honeytoken/progress.json";

    [Fact]
    public async Task FirstSession_ConfigureToRevoke_Succeeds()
    {
        var page = await harness.NewPageAsync();
        await harness.SignInAsync(page);

        // Upload the configuration and watch the pool fill.
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await page.GetByLabel("aws_honeytoken_config.json").SetInputFilesAsync(harness.ConfigurationPath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload configuration" }).ClickAsync();
        await Expect(page.Locator(".success")).ToContainTextAsync("accepted");
        await Expect(page.Locator("#progress-percent")).ToHaveTextAsync("100 %", Provisioning);
        await Expect(page.Locator("#progress-bar")).ToHaveJSPropertyAsync("value", 100);
        await Expect(page.Locator("#progress-keys")).ToHaveTextAsync($"{DashboardHarness.PoolSize} of {DashboardHarness.PoolSize}");
        await harness.ScreenshotAsync(page, "settings-provisioned");

        // Upload the same file again: the pool is full already, so provisioning makes no key
        // and ends in ready. The page shows the full pool and stops polling there.
        await ReuploadWithFullPoolAsync(page);

        // Create a honeytoken; its secret key is shown once, with copy buttons.
        await page.GetByRole(AriaRole.Link, new() { Name = "Honeytokens" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("ci-deploy-key");
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("Planted in the CI variables of the payments service");
        await page.GetByLabel("Tags, one key=value per line").FillAsync("team=payments\nplanted=ci");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create honeytoken" }).ClickAsync();
        await Expect(page.Locator("#secret-access-key")).ToBeVisibleAsync();
        var accessKeyId = await page.Locator("#access-key-id").TextContentAsync();
        var secretAccessKey = await page.Locator("#secret-access-key").TextContentAsync();
        Assert.StartsWith("AKIA", accessKeyId);
        Assert.False(string.IsNullOrEmpty(secretAccessKey));
        Assert.DoesNotContain(secretAccessKey!, page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#credentials-block")).ToContainTextAsync($"aws_access_key_id = {accessKeyId}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Copy credentials block" }).ClickAsync();
        await Expect(page.Locator(".copy-status")).ToHaveTextAsync("Copied to the clipboard.");
        var clipboard = await page.EvaluateAsync<string>("navigator.clipboard.readText()");
        Assert.Contains($"aws_secret_access_key = {secretAccessKey}", clipboard, StringComparison.Ordinal);
        await harness.ScreenshotAsync(page, "honeytoken-created");

        // Open the detail page before the key is used: the event must appear without a reload.
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the honeytoken" }).ClickAsync();
        await Expect(page.Locator("#token-status")).ToHaveTextAsync("active");
        var detailUrl = page.Url;

        using var sts = new AmazonSecurityTokenServiceClient(
            new BasicAWSCredentials(accessKeyId, secretAccessKey),
            new AmazonSecurityTokenServiceConfig { ServiceURL = harness.Emulator.BaseUri.ToString(), AuthenticationRegion = "us-east-1" });
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.False(string.IsNullOrEmpty(identity.Arn));

        await Expect(page.Locator("#events tbody")).ToContainTextAsync("GetCallerIdentity", EventArrival);
        await Expect(page.Locator("#token-status")).ToHaveTextAsync("triggered", new() { Timeout = 30_000 });
        Assert.Equal(detailUrl, page.Url);
        await harness.ScreenshotAsync(page, "honeytoken-triggered");

        // Reset, then revoke, each behind a confirmation page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Reset" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset honeytoken" }).ClickAsync();
        await Expect(page.Locator("#token-status")).ToHaveTextAsync("active");
        await Expect(page.Locator("#open-events")).ToHaveTextAsync("0");

        await page.GetByRole(AriaRole.Link, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("cannot be undone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke honeytoken" }).ClickAsync();
        await Expect(page.Locator("#token-status")).ToHaveTextAsync("revoked", new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Revoke" })).ToHaveCountAsync(0);
        await harness.ScreenshotAsync(page, "honeytoken-revoked");

        // The list shows the token with its status word, at desktop and at phone width.
        await page.GotoAsync("/honeytokens");
        await Expect(page.Locator("table.list")).ToContainTextAsync("ci-deploy-key");
        await Expect(page.Locator("#count-revoked")).ToHaveTextAsync("1");
        await harness.ScreenshotAsync(page, "honeytokens-list");
        await page.SetViewportSizeAsync(390, 844);
        await harness.ScreenshotAsync(page, "honeytokens-list-narrow");

        await page.Context.CloseAsync();
    }

    private async Task ReuploadWithFullPoolAsync(IPage page)
    {
        var progressRequests = 0;
        var progressResponses = new System.Collections.Concurrent.ConcurrentQueue<IResponse>();
        page.Request += (_, request) =>
        {
            if (request.Url.EndsWith(ProgressPath, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref progressRequests);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Url.EndsWith(ProgressPath, StringComparison.Ordinal))
            {
                progressResponses.Enqueue(response);
            }
        };

        await page.GetByLabel("aws_honeytoken_config.json").SetInputFilesAsync(harness.ConfigurationPath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload configuration" }).ClickAsync();
        await Expect(page.Locator(".success")).ToContainTextAsync("accepted");

        // The script decides whether to poll again while it handles a response, so once it has
        // received "ready" no request may follow.
        await WaitForReadyResponseAsync(progressResponses);
        await Expect(page.Locator("#progress-phase")).ToHaveTextAsync("ready");
        await Expect(page.Locator("#progress-percent")).ToHaveTextAsync("100 %");
        await Expect(page.Locator("#progress-bar")).ToHaveJSPropertyAsync("value", 100);
        await Expect(page.Locator("#progress-available")).ToHaveTextAsync($"{DashboardHarness.PoolSize}");
        await Expect(page.Locator("#progress-keys")).ToHaveTextAsync($"0 of {DashboardHarness.PoolSize}");

        var requestsAtReady = Volatile.Read(ref progressRequests);
        await page.WaitForTimeoutAsync(4 * api::Honeytoken.Api.Features.Dashboard.HoneytokenSetupPage.PollIntervalMilliseconds);
        Assert.Equal(requestsAtReady, Volatile.Read(ref progressRequests));
    }

    private static async Task WaitForReadyResponseAsync(System.Collections.Concurrent.ConcurrentQueue<IResponse> responses)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            while (responses.TryDequeue(out var response))
            {
                using var body = System.Text.Json.JsonDocument.Parse(await response.TextAsync());
                if (body.RootElement.GetProperty("phase").GetString() == "ready")
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "The progress never reported the ready phase.");
            await Task.Delay(100);
        }
    }
}
