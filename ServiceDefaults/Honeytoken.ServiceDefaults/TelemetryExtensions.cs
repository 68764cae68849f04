using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Honeytoken.ServiceDefaults;

/// <summary>
/// Adds OpenTelemetry to a host: metrics scraped by Prometheus on their own port, and metrics,
/// traces and logs pushed over OTLP when a collector is configured.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>
    /// The standard OpenTelemetry variable that names the OTLP collector, such as
    /// <c>http://otel-collector:4317</c>. OTLP export is on only when it is set.
    /// </summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The meter of the Orleans runtime, in the silo and in the client (Orleans 10).</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>
    /// The Orleans activity sources of grain calls, activation and storage (Orleans 10). The
    /// runtime's own source, <c>Microsoft.Orleans.Runtime</c>, is left out: it makes a span per
    /// system timer tick, several each second on an idle silo.
    /// </summary>
    public static readonly IReadOnlyList<string> OrleansActivitySources =
        ["Microsoft.Orleans.Application", "Microsoft.Orleans.Lifecycle", "Microsoft.Orleans.Storage"];

    // Probes and Prometheus scrapes arrive every few seconds and carry no information about
    // the service's work, so they make no spans.
    private static readonly PathString[] UntracedPaths = ["/healthz", "/readyz"];

    /// <summary>
    /// Adds metrics from ASP.NET Core, HttpClient, the .NET runtime, Orleans and the given
    /// <paramref name="meters"/>, served for Prometheus as <c>Honeytoken:Metrics</c> sets; and,
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, traces from the same libraries and the
    /// given <paramref name="activitySources"/>, all exported over OTLP with the logs.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="serviceName">The <c>service.name</c> resource attribute, such as <c>honeytoken-silo</c>.</param>
    /// <param name="meters">The names of the service's own meters.</param>
    /// <param name="activitySources">The names of the service's own activity sources.</param>
    public static IHostApplicationBuilder AddHoneytokenTelemetry(
        this IHostApplicationBuilder builder,
        string serviceName,
        IReadOnlyCollection<string> meters,
        IReadOnlyCollection<string> activitySources)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(activitySources);

        var services = builder.Services;
        services.AddOptions<MetricsEndpointOptions>()
            .BindConfiguration(MetricsEndpointOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsEndpointOptions>, MetricsEndpointOptionsValidator>();

        var otlpEndpoint = OtlpEndpoint(builder.Configuration[OtlpEndpointSetting]);
        services.AddSingleton(new TelemetrySettings(serviceName, otlpEndpoint));

        var scrapePath = builder.Configuration[$"{MetricsEndpointOptions.SectionName}:Path"] ?? new MetricsEndpointOptions().Path;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(OrleansMeterName)
                .AddMeter([.. meters])
                .AddPrometheusExporter(prometheus =>
                {
                    prometheus.ScrapeEndpointPath = scrapePath;

                    // One Prometheus scrapes each pod, so a cached response would only hide new counts.
                    prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                }));

        // Without a collector there is nowhere to send spans, so no tracer is registered and
        // the activity sources create none.
        if (otlpEndpoint is not null)
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context =>
                        !UntracedPaths.Contains(context.Request.Path) && context.Request.Path != scrapePath)
                    .AddHttpClientInstrumentation()
                    .AddSource([.. OrleansActivitySources])
                    .AddSource([.. activitySources]))
                .WithLogging()
                .UseOtlpExporter();
        }

        services.AddHostedService<MetricsEndpointServer>();
        return builder;
    }

    private static Uri? OtlpEndpoint(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"
            ? endpoint
            : throw new OptionsValidationException(
                OtlpEndpointSetting,
                typeof(Uri),
                [$"{OtlpEndpointSetting} '{value}' is not an http or https URL. Set it to the OTLP collector's URL, such as http://otel-collector:4317, or leave it unset to export nothing over OTLP."]);
    }
}
