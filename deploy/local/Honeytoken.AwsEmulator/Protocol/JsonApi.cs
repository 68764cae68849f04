using System.Text;
using System.Text.Json.Nodes;

namespace Honeytoken.AwsEmulator.Protocol;

/// <summary>
/// Base of services that speak the AWS JSON 1.1 protocol: the action comes from
/// <c>X-Amz-Target</c> (<c>Prefix.Action</c>), bodies are JSON, and errors carry
/// <c>__type</c>.
/// </summary>
public abstract class JsonApi : AwsApi
{
    /// <summary>Part of <c>X-Amz-Target</c> before the dot, such as <c>AWSOrganizationsV20161128</c>.</summary>
    public abstract string TargetPrefix { get; }

    public override string? ResolveAction(HttpContext http, IReadOnlyDictionary<string, string> parameters)
    {
        var target = http.Request.Headers["X-Amz-Target"].ToString();
        return target.StartsWith(TargetPrefix + ".", StringComparison.Ordinal) ? target[(TargetPrefix.Length + 1)..] : null;
    }

    public override JsonObject? RequestParameters(AwsCall call)
    {
        if (call.Json is null || call.Json.Count == 0)
        {
            return null;
        }

        var parameters = new JsonObject();
        foreach (var (name, value) in call.Json)
        {
            parameters[char.ToLowerInvariant(name[0]) + name[1..]] = value?.DeepClone();
        }

        return parameters;
    }

    /// <summary>Returns a JSON 1.1 response.</summary>
    protected static AwsResult Ok(JsonObject body, JsonObject? responseElements = null) => new()
    {
        ContentType = "application/x-amz-json-1.1",
        Body = Encoding.UTF8.GetBytes(body.ToJsonString()),
        ResponseElements = responseElements,
    };

    public override AwsResult FormatError(AwsServiceException error, string requestId)
    {
        var body = new JsonObject { ["__type"] = error.Code, ["Message"] = error.Message };
        if (error.Reason is not null)
        {
            body["Reason"] = error.Reason;
        }

        return new AwsResult
        {
            StatusCode = error.StatusCode,
            ContentType = "application/x-amz-json-1.1",
            Body = Encoding.UTF8.GetBytes(body.ToJsonString()),
            Headers = { ["x-amzn-ErrorType"] = error.Code },
        };
    }

    public override AwsServiceException UnknownAccessKey() =>
        new("UnrecognizedClientException", "The security token included in the request is invalid.", 400);

    public override AwsServiceException MissingAuthentication() =>
        new("MissingAuthenticationTokenException", "Missing Authentication Token", 400);

    public override AwsServiceException SignatureMismatch() =>
        new("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.", 400);

    public override AwsServiceException SignatureExpired(DateTimeOffset signedAt, DateTimeOffset now) =>
        new("InvalidSignatureException", $"Signature expired: {signedAt:yyyyMMdd'T'HHmmss'Z'} is now earlier than {now.AddMinutes(-5):yyyyMMdd'T'HHmmss'Z'} ({now:yyyyMMdd'T'HHmmss'Z'} - 5 min.)", 400);

    public override AwsServiceException AccessDenied(CallerIdentity caller, string action, string resource) =>
        new("AccessDeniedException", $"You don't have permissions to access this resource.", 400);

    public override AwsServiceException Throttled() =>
        new("TooManyRequestsException", "AWS Organizations can't complete your request because another request is already in progress. Try again later.", 400);

    public override AwsServiceException InjectedServerError() =>
        new("ServiceException", "AWS Organizations can't complete your request because of an internal service error. Try again later.", 500);
}
