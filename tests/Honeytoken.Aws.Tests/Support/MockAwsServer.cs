using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Aws.Tests.Support;

/// <summary>An HTTP request as the mock server received it.</summary>
public sealed record RecordedRequest(
    string Method,
    string Host,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    /// <summary>The form-encoded body as name/value pairs (query protocol requests).</summary>
    public IReadOnlyDictionary<string, string> Form =>
        Body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(
                parts => Uri.UnescapeDataString(parts[0].Replace('+', ' ')),
                parts => parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty);

    public string Header(string name) => Headers.TryGetValue(name, out string? value) ? value : string.Empty;
}

/// <summary>A canned HTTP response.</summary>
public sealed record MockResponse(int StatusCode, string Body, string ContentType = "text/xml")
{
    public static MockResponse Xml(string body, int statusCode = 200) => new(statusCode, body);

    public static MockResponse Json(string body, int statusCode = 200) => new(statusCode, body, "application/x-amz-json-1.1");
}

/// <summary>
/// A Kestrel server on 127.0.0.1 with an ephemeral port that records each request and responds
/// with the test's responder. It pins the wire format with response bodies shaped like AWS's
/// documented ones, independently of the emulator, and produces responses the emulator cannot.
/// </summary>
public sealed class MockAwsServer : IAsyncDisposable
{
    /// <summary>Request id that the server returns in the x-amzn-RequestId header of JSON responses.</summary>
    public const string JsonRequestId = "4a3e1c2b-7f00-4d5e-9a61-0c2f1e7b8d90";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Func<RecordedRequest, int, MockResponse> _respond;

    private MockAwsServer(Func<RecordedRequest, int, MockResponse> respond)
    {
        _respond = respond;

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>Base URL of the server, such as http://127.0.0.1:40123/.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Requests received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Starts a server whose responder receives each request and its zero-based index.</summary>
    public static async Task<MockAwsServer> StartAsync(Func<RecordedRequest, int, MockResponse> respond)
    {
        var server = new MockAwsServer(respond);
        await server._app.StartAsync();
        server.Endpoint = new Uri(server._app.Urls.Single().Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>Starts a server that returns the same response to every request.</summary>
    public static Task<MockAwsServer> StartAsync(MockResponse response) => StartAsync((_, _) => response);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        string body = await reader.ReadToEndAsync(context.RequestAborted);

        var recorded = new RecordedRequest(
            context.Request.Method,
            context.Request.Host.Value ?? string.Empty,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body);

        int index;
        lock (_requests)
        {
            index = _requests.Count;
            _requests.Enqueue(recorded);
        }

        MockResponse response = _respond(recorded, index);
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        if (response.ContentType != "text/xml")
        {
            // JSON protocol services send the request id only in this header, while XML bodies contain their own.
            context.Response.Headers["x-amzn-RequestId"] = JsonRequestId;
        }

        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }
}
