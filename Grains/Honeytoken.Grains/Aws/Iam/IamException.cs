using System.Net;
using Amazon.Runtime;

namespace Honeytoken.Grains.Aws.Iam;

/// <summary>
/// An error returned by IAM. <see cref="AmazonServiceException.ErrorCode"/> holds the IAM code;
/// <see cref="IamErrorCode"/> lists the ones the service handles.
/// </summary>
public sealed class IamException : AmazonServiceException
{
    /// <summary>Creates an exception without details.</summary>
    public IamException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public IamException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public IamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception from an IAM error response.</summary>
    public IamException(string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode)
    {
    }

    /// <summary>True when the entity to create already exists.</summary>
    public bool IsEntityAlreadyExists => ErrorCode == IamErrorCode.EntityAlreadyExists;

    /// <summary>True when the named entity does not exist.</summary>
    public bool IsNoSuchEntity => ErrorCode == IamErrorCode.NoSuchEntity;

    /// <summary>True when an account quota is reached, so retrying cannot succeed.</summary>
    public bool IsLimitExceeded => ErrorCode == IamErrorCode.LimitExceeded;

    /// <summary>True when IAM throttled the request.</summary>
    public bool IsThrottling => ErrorCode == IamErrorCode.Throttling;
}
