using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Honeytoken.Api.Validation;

/// <summary>
/// Turns a request that minimal APIs could not bind, such as a body that is not valid JSON,
/// into a 400 problem that names the position in the body and the fix, instead of a 500.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    private const int MaxEchoedNameLength = 100;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        // The JSON reader's message gives the path and position, never the value.
        var json = badRequest.InnerException as JsonException;
        var field = json?.Path is { Length: > 0 } path ? path : "body";
        string message;
        if (json is null)
        {
            message = $"{badRequest.Message} Check the request against the OpenAPI document at /openapi/v1.json.";
        }
        else if (UnknownFieldName(json) is { } unknown)
        {
            // The serializer's own message names the server's .NET type, which means nothing to a caller.
            if (!field.EndsWith($".{unknown}", StringComparison.Ordinal))
            {
                field = $"{field}.{unknown}";
            }

            message = $"has an unknown field '{unknown}'. Remove it or correct its name. The fields of each request are listed in /openapi/v1.json.";
        }
        else
        {
            message = $"is not valid JSON for this endpoint ({json.Message}). Fix the body and send it again.";
        }

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

    /// <summary>
    /// Returns the field name from the serializer's error for a property that maps to no member,
    /// which it raises because unknown fields are disallowed, or null for any other error.
    /// </summary>
    private static string? UnknownFieldName(JsonException json)
    {
        const string Prefix = "The JSON property '";
        if (json.Message is not { } text
            || !text.StartsWith(Prefix, StringComparison.Ordinal)
            || !text.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return null;
        }

        // A caller may send a name of any length, and it is echoed in the problem and the log.
        var end = text.IndexOf('\'', Prefix.Length);
        return end > Prefix.Length ? text[Prefix.Length..Math.Min(end, Prefix.Length + MaxEchoedNameLength)] : null;
    }

    /// <summary>Makes binding failures throw in every environment, so that this handler always writes the problem.</summary>
    public static void Configure(RouteHandlerOptions options) => options.ThrowOnBadRequest = true;

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Rejected {Method} {Path}: the request could not be read at {Field}.")]
    private static partial void LogRejected(ILogger logger, string method, string path, string field);
}
