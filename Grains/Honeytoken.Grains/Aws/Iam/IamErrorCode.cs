namespace Honeytoken.Grains.Aws.Iam;

/// <summary>Error codes that IAM returns in <c>ErrorResponse/Error/Code</c> and that the service handles.</summary>
public static class IamErrorCode
{
    /// <summary>The user, key or other entity already exists (HTTP 409).</summary>
    public const string EntityAlreadyExists = "EntityAlreadyExists";

    /// <summary>The named entity does not exist (HTTP 404).</summary>
    public const string NoSuchEntity = "NoSuchEntity";

    /// <summary>The entity still has subordinate entities, such as a user with access keys (HTTP 409).</summary>
    public const string DeleteConflict = "DeleteConflict";

    /// <summary>An account quota is reached, such as 5,000 users or 2 keys per user (HTTP 409). Terminal.</summary>
    public const string LimitExceeded = "LimitExceeded";

    /// <summary>The request rate is too high (HTTP 400). Retried with backoff.</summary>
    public const string Throttling = "Throttling";

    /// <summary>The caller lacks the permission (HTTP 403).</summary>
    public const string AccessDenied = "AccessDenied";

    /// <summary>The credential report does not exist, so call GenerateCredentialReport first (HTTP 410).</summary>
    public const string ReportNotPresent = "ReportNotPresent";

    /// <summary>The credential report is older than four hours (HTTP 410).</summary>
    public const string ReportExpired = "ReportExpired";

    /// <summary>The credential report is still being generated (HTTP 404).</summary>
    public const string ReportInProgress = "ReportInProgress";
}
