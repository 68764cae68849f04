using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Honeytoken.ServiceDefaults;

/// <summary>
/// Serves the Prometheus scrape endpoint on its own port with a minimal Kestrel server, so
/// that the metrics port can be opened to Prometheus alone and the Api's public port never
/// serves metrics. The server reads the host's <see cref="MeterProvider"/>.
/// </summary>
internal sealed class MetricsEndpointServer(
    IOptions<MetricsEndpointOptions> options,
    TelemetrySettings settings,
    MeterProvider meterProvider,
    ILoggerFactory loggerFactory,
    ILogger<MetricsEndpointServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.OtlpEndpoint is { } otlpEndpoint)
        {
            // Only the scheme, host and port: user information in the URL would be a secret.
            TelemetryLog.OtlpExportEnabled(logger, $"{otlpEndpoint.Scheme}://{otlpEndpoint.Authority}", settings.ServiceName);
        }

        var endpoint = options.Value;
        if (endpoint.Port == 0)
        {
            return;
        }

        // An empty builder reads no configuration, so the host's settings (such as Urls)
        // cannot reconfigure this server.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddOptions();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Parse(endpoint.Address), endpoint.Port));

        server = builder.Build();
        server.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider,
            predicate: null,
            path: endpoint.Path,
            configureBranchedPipeline: null,
            optionsName: null);
        server.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });

        await server.StartAsync(cancellationToken);
        TelemetryLog.MetricsEndpointListening(logger, endpoint.Address, endpoint.Port, endpoint.Path);
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
}
