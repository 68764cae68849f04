using System.Reflection;

namespace Honeytoken.Api.Features.Dashboard;

/// <summary>
/// The dashboard's script and style sheet, embedded in the assembly so that the pages work
/// from any content root, and served without authentication because they hold no data.
/// </summary>
public static class DashboardAssets
{
    private static readonly IReadOnlyDictionary<string, (byte[] Content, string ContentType)> Files = Load();

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/dashboard-assets/{name}", (string name, HttpContext context) =>
        {
            if (!Files.TryGetValue(name, out var file))
            {
                return Results.NotFound();
            }

            DashboardLayout.ApplySecurityHeaders(context.Response);
            context.Response.Headers.CacheControl = "no-cache";
            return Results.Bytes(file.Content, file.ContentType);
        })
        .AllowAnonymous()
        .ExcludeFromDescription();

    private static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var (name, contentType) in new[] { ("dashboard.js", "text/javascript; charset=utf-8"), ("dashboard.css", "text/css; charset=utf-8") })
        {
            using var stream = assembly.GetManifestResourceStream($"Dashboard.{name}")
                ?? throw new InvalidOperationException($"The embedded dashboard asset {name} is missing from the build.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[name] = (buffer.ToArray(), contentType);
        }

        return files;
    }
}
