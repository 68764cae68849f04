using Honeytoken.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Honeytoken.Dashboard.Tests;

/// <summary>Attacker-controlled event fields render as text, on the first render and after each refresh.</summary>
[Collection(DashboardCollection.Name)]
public sealed class EventEscapingTests(DashboardHarness harness)
{
    private const string UserAgent = "<script>window.injected = 1; alert('user agent')</script>";

    private const string IpAddress = "<b>203.0.113.9</b>";

    private const string RequestParameters = """{"bucketName": "<img src=x onerror=\"window.injected = 2; alert('parameters')\">"}""";

    [Fact]
    public async Task DetailPage_HtmlInEvent_RendersAsText()
    {
        var id = await harness.InsertHoneytokenAsync("<i>decoy</i> \"quoted\" name");
        await harness.InsertEventAsync(id, IpAddress, UserAgent, RequestParameters);

        var page = await harness.NewPageAsync();
        var dialogs = new List<string>();
        var consoleErrors = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        await harness.SignInAsync(page);

        await page.GotoAsync($"/honeytokens/{id}");
        var events = page.Locator("#events tbody");
        await Expect(events).ToContainTextAsync(UserAgent);

        // The refresh rewrites the rows from JSON, and they must still be text after it.
        await Expect(page.Locator("#events-updated")).ToContainTextAsync("1 event(s)", new() { Timeout = 15_000 });
        await Expect(events).ToContainTextAsync(UserAgent);
        await Expect(events).ToContainTextAsync(IpAddress);
        await Expect(events).ToContainTextAsync("<img src=x onerror=");
        await Expect(page.Locator("#token-title")).ToHaveTextAsync("<i>decoy</i> \"quoted\" name");

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Reset" })).ToBeHiddenAsync();
        Assert.Equal(0, await page.Locator("#events script, #events img, #events b, #token-title i").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("window.injected"));
        Assert.Empty(dialogs);
        Assert.DoesNotContain(consoleErrors, text => text.Contains("Content Security Policy", StringComparison.Ordinal));
        await harness.ScreenshotAsync(page, "event-escaping");

        await page.Context.CloseAsync();
    }
}
