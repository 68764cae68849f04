using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Honeytoken.Api.Health;

/// <summary>
/// The two probes. <c>/healthz</c> reports that the process serves requests, and <c>/readyz</c>
/// reports that the cluster and the database are reachable, so the Api can do its work.
/// </summary>
public static class HealthEndpoints
{
    private const string ReadinessTag = "ready";

    /// <summary>The longest a readiness probe waits for one dependency.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddHealthProbes(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadinessTag], timeout: CheckTimeout)
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadinessTag], timeout: CheckTimeout);

        return services;
    }

    public static IEndpointRouteBuilder MapHealthProbes(this IEndpointRouteBuilder endpoints)
    {
        // Liveness must not depend on PostgreSQL or the silos: a restart would not fix them.
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = WriteReportAsync,
        }).AllowAnonymous();

        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadinessTag),
            ResponseWriter = WriteReportAsync,
        }).AllowAnonymous();

        return endpoints;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";

        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString().ToLowerInvariant(),
                    description = PublicDescription(entry.Value),
                    duration_ms = Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
                }),
        };

        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    /// <summary>
    /// Returns the description of a check result for the anonymous probes. When a check throws,
    /// the health check service uses the exception's message as the description, and that message
    /// may name hosts and ports, so a generic sentence replaces it. The service logs the exception.
    /// </summary>
    private static string? PublicDescription(HealthReportEntry entry) =>
        entry.Exception is { } exception && entry.Description == exception.Message
            ? "The check failed with an error. The error is in the service's log."
            : entry.Description;
}
