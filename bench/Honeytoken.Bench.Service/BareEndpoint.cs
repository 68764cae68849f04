namespace Honeytoken.Bench.Service;

/// <summary>
/// The baseline of the real-time webhook: an ASP.NET minimal API endpoint that reads the
/// body and returns 202, in its own process with the Api's Kestrel defaults and GC settings.
/// </summary>
public static class BareEndpoint
{
    public const string Path = "/webhooks/aws/realtime";

    public static async Task RunAsync(string urls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        var app = builder.Build();

        app.MapPost(Path, async (HttpRequest request) =>
        {
            // Reads the whole body as the webhook does, so both pay for the same bytes.
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            return Results.Accepted();
        });

        await app.RunAsync();
    }
}
