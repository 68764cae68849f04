namespace Honeytoken.Grains.Events;

/// <summary>
/// Builds the keys of <see cref="IAccessKeyRouteGrain"/>. Each kind of identifier has its own
/// prefix, so that an access key id can never collide with a principal id of the same text.
/// </summary>
public static class AccessKeyRoutes
{
    /// <summary>The prefix of the route keys of access key ids.</summary>
    public const string AccessKeyPrefix = "key/";

    /// <summary>The prefix of the route keys of principal ARNs.</summary>
    public const string PrincipalArnPrefix = "arn/";

    /// <summary>The prefix of the route keys of principals' unique ids.</summary>
    public const string PrincipalIdPrefix = "pid/";

    /// <summary>The route key of an access key id, long-term or temporary.</summary>
    public static string ForAccessKey(string accessKeyId) => AccessKeyPrefix + accessKeyId;

    /// <summary>The route key of a principal ARN, such as an IAM user's.</summary>
    public static string ForPrincipalArn(string arn) => PrincipalArnPrefix + arn;

    /// <summary>The route key of a principal's unique id, such as <c>AIDA…</c>.</summary>
    public static string ForPrincipalId(string principalId) => PrincipalIdPrefix + principalId;
}
