using Microsoft.AspNetCore.Http.HttpResults;

namespace Honeytoken.Api.Validation;

/// <summary>Problem details for rejected requests, each naming the field and the fix.</summary>
public static class ApiProblems
{
    /// <summary>
    /// A 400 whose <c>errors</c> map contains the field and whose detail repeats it as a sentence.
    /// The message is phrased to follow the field name, as in "name is 300 characters long…".
    /// </summary>
    public static ProblemHttpResult Invalid(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request",
            Detail = $"{field} {message}",
        });

    /// <summary>A 400 for a <see cref="Grains.Honeytokens.HoneytokenError"/>, whose message already starts with the field name.</summary>
    public static ProblemHttpResult InvalidField(string field, string sentence) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [sentence] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request",
            Detail = sentence,
        });

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
