using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Silo.Health;

/// <summary>
/// Serves <c>/healthz</c> and <c>/readyz</c> on their own port with a minimal Kestrel server.
/// The silo's host is not a web host, so this server is a separate, empty web application
/// that runs the silo's registered health checks and nothing else.
/// </summary>
internal sealed partial class SiloHealthServer(
    IOptions<SiloHealthOptions> options,
    HealthCheckService healthChecks,
    ILoggerFactory loggerFactory,
    ILogger<SiloHealthServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Port == 0)
        {
            return;
        }

        // An empty builder reads no configuration, so the silo's settings (such as Urls)
        // cannot reconfigure this server.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Parse(settings.Address), settings.Port));

        server = builder.Build();
        server.Run(HandleAsync);

        await server.StartAsync(cancellationToken);
        Log.Listening(logger, settings.Address, settings.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is not null)
        {
            await server.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var tag = context.Request.Path.Value switch
        {
            "/healthz" => SiloHealthExtensions.LivenessTag,
            "/readyz" => SiloHealthExtensions.ReadinessTag,
            _ => null,
        };

        if (tag is null || !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var report = await healthChecks.CheckHealthAsync(check => check.Tags.Contains(tag), context.RequestAborted);

        context.Response.StatusCode = report.Status == HealthStatus.Healthy
            ? StatusCodes.Status200OK
            : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";

        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString().ToLowerInvariant(),
                    description = entry.Value.Description,
                    duration_ms = Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
                }),
        };

        await context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Information,
            Message = "Serving the health endpoints /healthz and /readyz on {Address}:{Port}")]
        public static partial void Listening(ILogger logger, string address, int port);
    }
}
