using System.Net;
using Amazon.Runtime;

namespace Honeytoken.Grains.Aws.Organizations;

/// <summary>
/// An error returned by Organizations. <see cref="AmazonServiceException.ErrorCode"/> contains the
/// error type (<see cref="OrganizationsErrorCode"/>) and <see cref="Reason"/> the constraint or
/// throttling reason when the error carries one.
/// </summary>
public sealed class OrganizationsException : AmazonServiceException
{
    /// <summary>Creates an exception without details.</summary>
    public OrganizationsException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public OrganizationsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public OrganizationsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception from an Organizations error response.</summary>
    public OrganizationsException(string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode, string? reason)
        : base(message, innerException, errorType, errorCode, requestId, statusCode)
    {
        Reason = reason;
    }

    /// <summary>The <c>Reason</c> member of the error, such as ACCOUNT_NUMBER_LIMIT_EXCEEDED, or null.</summary>
    public string? Reason { get; }

    /// <summary>True when the organization has reached its number of accounts, so retrying cannot succeed.</summary>
    public bool IsAccountNumberLimitExceeded =>
        ErrorCode == OrganizationsErrorCode.ConstraintViolation && Reason == ConstraintViolationReason.AccountNumberLimitExceeded;

    /// <summary>True when Organizations throttled the request or the account creation rate.</summary>
    public bool IsThrottling =>
        ErrorCode == OrganizationsErrorCode.TooManyRequests
        || (ErrorCode == OrganizationsErrorCode.ConstraintViolation && Reason == ConstraintViolationReason.AccountCreationRateLimitExceeded);
}
