using System.Text.Json.Nodes;

namespace Honeytoken.AwsEmulator.Protocol;

/// <summary>
/// One emulated AWS service: how its calls are named, which need a policy, how its errors
/// look on the wire, and the handler of its actions.
/// </summary>
public abstract class AwsApi
{
    /// <summary>Service name in the SigV4 credential scope, such as <c>iam</c>.</summary>
    public abstract string SigningName { get; }

    /// <summary>CloudTrail <c>eventSource</c>, such as <c>iam.amazonaws.com</c>.</summary>
    public abstract string EventSource { get; }

    /// <summary>Returns the action that the request calls, or null when the request names none.</summary>
    public abstract string? ResolveAction(HttpContext http, IReadOnlyDictionary<string, string> parameters);

    /// <summary>Returns CloudTrail's <c>eventName</c> for an action; most services log the action's own name.</summary>
    public virtual string EventName(string action) => action;

    /// <summary>True for actions that only read; CloudTrail's <c>readOnly</c>.</summary>
    public abstract bool IsReadOnly(string action);

    /// <summary>True for actions that AWS allows to any authenticated principal, whatever its policies.</summary>
    public virtual bool AllowsWithoutPolicy(string action) => false;

    /// <summary>Region that CloudTrail records for a call signed for <paramref name="scopeRegion"/>.</summary>
    public virtual string RecordRegion(string scopeRegion) => scopeRegion;

    /// <summary>Runs the action.</summary>
    public abstract Task<AwsResult> InvokeAsync(AwsCall call, CancellationToken cancellationToken);

    /// <summary>Writes an error in the service's protocol.</summary>
    public abstract AwsResult FormatError(AwsServiceException error, string requestId);

    /// <summary>Returns the record's <c>requestParameters</c>, or null when AWS logs none for the call.</summary>
    public abstract JsonObject? RequestParameters(AwsCall call);

    public virtual AwsServiceException UnknownAccessKey() =>
        new("InvalidClientTokenId", "The security token included in the request is invalid.", 403);

    public virtual AwsServiceException MissingAuthentication() =>
        new("MissingAuthenticationToken", "Request is missing Authentication Token", 403);

    public virtual AwsServiceException MalformedAuthorization(string detail) =>
        new("IncompleteSignature", detail, 400);

    public virtual AwsServiceException SignatureMismatch() =>
        new("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.", 403);

    public virtual AwsServiceException SignatureExpired(DateTimeOffset signedAt, DateTimeOffset now) =>
        new("SignatureDoesNotMatch", $"Signature expired: {signedAt:yyyyMMdd'T'HHmmss'Z'} is now earlier than {now.AddMinutes(-5):yyyyMMdd'T'HHmmss'Z'} ({now:yyyyMMdd'T'HHmmss'Z'} - 5 min.)", 403);

    public virtual AwsServiceException AccessDenied(CallerIdentity caller, string action, string resource) =>
        new("AccessDenied", $"User: {caller.Arn} is not authorized to perform: {SigningName}:{action} on resource: {resource} because no identity-based policy allows the {SigningName}:{action} action", 403);

    public virtual AwsServiceException Throttled() => new("Throttling", "Rate exceeded", 400);

    public virtual AwsServiceException InjectedServerError() =>
        new("ServiceUnavailable", "Service is unavailable. Please try again later.", 503);

    /// <summary>Returns the resource that access denied messages name for a call.</summary>
    public virtual string ResourceOf(AwsCall call) => "*";
}
