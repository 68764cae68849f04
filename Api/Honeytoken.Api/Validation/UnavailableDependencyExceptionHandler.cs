using System.Data.Common;
using Honeytoken.Grains.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime.Messaging;

namespace Honeytoken.Api.Validation;

/// <summary>
/// Turns a failure to reach PostgreSQL or the silos into a 503 problem with <c>Retry-After</c>,
/// instead of a bare 500. Callers and AWS's own retries can then tell an outage, which passes,
/// from a bug, which does not.
/// </summary>
public sealed partial class UnavailableDependencyExceptionHandler(IProblemDetailsService problemDetails, ILogger<UnavailableDependencyExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The seconds a client is asked to wait before it retries: a guess that suits a restarting database or silo.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var dependency = UnavailableDependency(exception);
        if (dependency is null || httpContext.Response.HasStarted)
        {
            return false;
        }

        LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, dependency, exception);

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = $"The {dependency} could not be reached, so nothing was changed. Send the request again after {RetryAfterSeconds} seconds; " +
                    "if this persists, check /readyz and the service's logs.",
            },
        });
    }

    /// <summary>Returns the dependency that the exception or one of its inner exceptions shows to be unreachable, or null.</summary>
    public static string? UnavailableDependency(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                // The silo sends DatabaseUnavailableException in place of Npgsql's exceptions,
                // which Orleans cannot serialize.
                case DbException or DatabaseUnavailableException:
                    return "database";
                // A grain call that times out means no silo responded in time.
                case SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException or TimeoutException:
                    return "cluster";
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Answered {Method} {Path} with 503 because the {Dependency} could not be reached.")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string dependency, Exception exception);
}
