namespace Honeytoken.Grains.Aws.Organizations;

/// <summary>Error codes (the JSON <c>__type</c>) that Organizations returns and that the service handles.</summary>
public static class OrganizationsErrorCode
{
    /// <summary>The caller lacks the permission.</summary>
    public const string AccessDenied = "AccessDeniedException";

    /// <summary>The calling account is not in an organization.</summary>
    public const string NotInUse = "AWSOrganizationsNotInUseException";

    /// <summary>A limit is violated, and <see cref="OrganizationsException.Reason"/> names it.</summary>
    public const string ConstraintViolation = "ConstraintViolationException";

    /// <summary>The request rate is too high. Retried with backoff.</summary>
    public const string TooManyRequests = "TooManyRequestsException";

    /// <summary>The target is being changed by another request.</summary>
    public const string ConcurrentModification = "ConcurrentModificationException";

    /// <summary>The CreateAccount request id is unknown.</summary>
    public const string CreateAccountStatusNotFound = "CreateAccountStatusNotFoundException";

    /// <summary>A request parameter is invalid.</summary>
    public const string InvalidInput = "InvalidInputException";
}

/// <summary>Reasons of a <c>ConstraintViolationException</c> that the service handles.</summary>
public static class ConstraintViolationReason
{
    /// <summary>The organization has reached its number of accounts. Terminal.</summary>
    public const string AccountNumberLimitExceeded = "ACCOUNT_NUMBER_LIMIT_EXCEEDED";

    /// <summary>Too many accounts were created recently. Retried with backoff.</summary>
    public const string AccountCreationRateLimitExceeded = "ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED";
}
