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
            field = AppendName(field, unknown);
            message = $"has an unknown field '{unknown}'. Remove it or correct its name, which is case-sensitive. " +
                "The fields of each request are listed in /openapi/v1.json.";
        }
        else if (DuplicateFieldName(json) is { } duplicate)
        {
            field = AppendName(field, duplicate);
            message = $"contains the field '{duplicate}' more than once. Send each field once.";
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
    private static string? UnknownFieldName(JsonException json) =>
        json.Message is { } text && text.Contains("could not be mapped to any .NET member", StringComparison.Ordinal)
            ? QuotedName(text, "The JSON property '")
            : null;

    /// <summary>
    /// Returns the field name from the serializer's error for a property that occurs twice in one
    /// object, which it raises because duplicate properties are disallowed, or null for any other error.
    /// </summary>
    private static string? DuplicateFieldName(JsonException json) =>
        json.Message is { } text ? QuotedName(text, "Duplicate property '") : null;

    /// <summary>Returns the name quoted right after <paramref name="prefix"/> at the start of a serializer message, or null.</summary>
    private static string? QuotedName(string text, string prefix)
    {
        if (!text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        // A caller may send a name of any length, and it is echoed in the problem and the log.
        var end = text.IndexOf('\'', prefix.Length);
        return end > prefix.Length ? text[prefix.Length..Math.Min(end, prefix.Length + MaxEchoedNameLength)] : null;
    }

    /// <summary>Appends the field name to the JSON path of the error unless the path already ends with it.</summary>
    private static string AppendName(string path, string name) =>
        path.EndsWith($".{name}", StringComparison.Ordinal) ? path : $"{path}.{name}";

    /// <summary>Makes binding failures throw in every environment, so that this handler always writes the problem.</summary>
    public static void Configure(RouteHandlerOptions options) => options.ThrowOnBadRequest = true;

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Rejected {Method} {Path}: the request could not be read at {Field}.")]
    private static partial void LogRejected(ILogger logger, string method, string path, string field);
}
