using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Honeytoken.Api.Validation;

/// <summary>
/// Turns a request that minimal APIs could not bind, such as a body that is not valid JSON,
/// into a 400 problem that names the position in the body and the fix, instead of a 500.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        // The JSON reader's message gives the path and position, never the value.
        var json = badRequest.InnerException as JsonException;
        var field = json?.Path is { Length: > 0 } path ? path : "body";
        var message = json is null
            ? $"{badRequest.Message} Check the request against the OpenAPI document at /openapi/v1.json."
            : $"is not valid JSON for this endpoint ({json.Message}). Fix the body and send it again.";
        LogRejected(logger, httpContext.Request.Method, httpContext.Request.Path, field);

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = badRequest.StatusCode,
                Title = "Invalid request",
                Detail = json is null ? message : $"The request body {message}",
            },
        });
    }

    /// <summary>Makes binding failures throw in every environment, so that this handler always writes the problem.</summary>
    public static void Configure(RouteHandlerOptions options) => options.ThrowOnBadRequest = true;

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Rejected {Method} {Path}: the request could not be read at {Field}.")]
    private static partial void LogRejected(ILogger logger, string method, string path, string field);
}
