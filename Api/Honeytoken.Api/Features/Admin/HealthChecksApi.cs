using Honeytoken.Api.Authentication;
using Honeytoken.Api.Validation;
using Honeytoken.Grains.Health;
using Honeytoken.Grains.Setup;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Honeytoken.Api.Features.Admin;

/// <summary>
/// <c>/v1/admin/health-checks</c>: the Honeytoken section of the Health Checks page, and "Check
/// again". These checks call AWS and wait for events, so they are separate from <c>/readyz</c>,
/// which only probes the cluster and the database.
/// </summary>
public static class HealthChecksApi
{
    public static IEndpointRouteBuilder MapHealthChecksApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/admin/health-checks")
            .WithTags("Admin")
            .RequireAuthorization(ApiScopes.Admin)
            .RequireRateLimiting(ApiRateLimiting.PolicyName);

        group.MapGet("", GetReportAsync);
        group.MapPost("/{check}/run", RunAsync);

        return endpoints;
    }

    private static async Task<Ok<HealthReport>> GetReportAsync(IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<IHealthMonitorGrain>(Installation.DefaultId).GetReportAsync());

    private static async Task<Results<Ok<CheckRun>, ProblemHttpResult>> RunAsync(string check, IClusterClient cluster)
    {
        var monitor = cluster.GetGrain<IHealthMonitorGrain>(Installation.DefaultId);
        if (check is not (HealthCheckNames.AwsAccess or HealthCheckNames.EventsReception))
        {
            return ApiProblems.NotFound($"There is no health check named '{check}'. Use {HealthCheckNames.AwsAccess} or {HealthCheckNames.EventsReception}.");
        }

        var result = await monitor.RunCheckAsync(check);
        if (!result.Started)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Scheduled check",
                detail: result.RejectionReason,
                extensions: new Dictionary<string, object?> { ["next_run_at"] = result.NextRunAt });
        }

        if (result.Run is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not configured",
                detail: "No configuration has been uploaded yet, so there is nothing to check. Upload aws_honeytoken_config.json with PUT /v1/admin/honeytoken/config.");
        }

        return TypedResults.Ok(result.Run);
    }
}
