namespace Honeytoken.AwsEmulator.Protocol;

/// <summary>
/// An error that an AWS API returns to its caller, with the code and HTTP status AWS uses.
/// Handlers throw it; the protocol of the service turns it into the error body.
/// </summary>
public sealed class AwsServiceException(string code, string message, int statusCode = 400) : Exception(message)
{
    /// <summary>Error code as AWS spells it, for example <c>LimitExceeded</c>.</summary>
    public string Code { get; } = code;

    public int StatusCode { get; } = statusCode;

    /// <summary><c>Sender</c> for client errors, <c>Receiver</c> for server errors, as the query protocol reports them.</summary>
    public string FaultType => StatusCode >= 500 ? "Receiver" : "Sender";

    /// <summary>
    /// Error code that CloudTrail records when it differs from <see cref="Code"/>; for example
    /// Lambda returns <c>AccessDeniedException</c> and CloudTrail logs <c>AccessDenied</c>.
    /// </summary>
    public string? CloudTrailCode { get; init; }

    /// <summary>Machine-readable reason that some JSON errors carry, such as <c>ACCOUNT_NUMBER_LIMIT_EXCEEDED</c>.</summary>
    public string? Reason { get; init; }
}
