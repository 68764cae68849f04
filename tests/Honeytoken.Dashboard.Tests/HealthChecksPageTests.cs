using Honeytoken.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Honeytoken.Dashboard.Tests;

/// <summary>The Health Checks page: both checks, and Check again on the one that can run on demand.</summary>
[Collection(DashboardCollection.Name)]
public sealed class HealthChecksPageTests(DashboardHarness harness)
{
    [Fact]
    public async Task HealthPage_CheckAgain_ShowsOutcome()
    {
        var page = await harness.NewPageAsync();
        await harness.SignInAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Health Checks" }).ClickAsync();
        var awsAccess = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Access to AWS resources" }) });
        var reception = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Reception of events" }) });
        await Expect(awsAccess).ToContainTextAsync("Status:");
        await Expect(reception).ToContainTextAsync("next scheduled run");
        await Expect(reception.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        await awsAccess.GetByRole(AriaRole.Button, new() { Name = "Check again" }).ClickAsync();
        await Expect(page.Locator(".run-result")).ToContainTextAsync("The check");
        await harness.ScreenshotAsync(page, "health-checks");

        await page.Context.CloseAsync();
    }
}
