using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Honeytoken.AwsEmulator.Protocol;

/// <summary>
/// Any AWS service the emulator does not implement, such as Lambda or EC2. Calls are
/// authenticated and recorded like every other call, so a honeytoken used against any
/// service raises the same CloudTrail record. Principals without permissions get
/// <c>AccessDenied</c> in the service's protocol, and administrators get a 501 error.
/// One instance serves one request, because the protocol is read from that request.
/// </summary>
public sealed class UnsupportedServiceApi : AwsApi
{
    private readonly Protocol protocol;

    public UnsupportedServiceApi(string signingName, HttpContext http, IReadOnlyDictionary<string, string> parameters)
    {
        SigningName = signingName;
        if (http.Request.Headers.ContainsKey("X-Amz-Target"))
        {
            protocol = Protocol.Json;
        }
        else if (parameters.ContainsKey("Action"))
        {
            protocol = Protocol.Query;
        }
        else
        {
            protocol = Protocol.Rest;
        }
    }

    private enum Protocol
    {
        Json,
        Query,
        Rest,
    }

    public override string SigningName { get; }

    public override string EventSource => $"{SigningName}.amazonaws.com";

    public override string? ResolveAction(HttpContext http, IReadOnlyDictionary<string, string> parameters)
    {
        if (protocol == Protocol.Json)
        {
            var target = http.Request.Headers["X-Amz-Target"].ToString();
            return target[(target.LastIndexOf('.') + 1)..];
        }

        // NOTE: REST services name actions by method and path, which the emulator cannot map
        // to AWS's action names for services it does not model, so the record names the route.
        return protocol == Protocol.Query ? parameters["Action"] : $"{http.Request.Method} {http.Request.Path}";
    }

    public override bool IsReadOnly(string action) =>
        action.StartsWith("Get", StringComparison.Ordinal) || action.StartsWith("List", StringComparison.Ordinal)
        || action.StartsWith("Describe", StringComparison.Ordinal) || action.StartsWith("GET ", StringComparison.Ordinal);

    public override Task<AwsResult> InvokeAsync(AwsCall call, CancellationToken cancellationToken) =>
        throw new AwsServiceException("NotImplemented", $"The AWS emulator does not implement {SigningName}:{call.Action}.", 501);

    public override JsonObject? RequestParameters(AwsCall call)
    {
        if (call.Json is { Count: > 0 } json)
        {
            return (JsonObject)json.DeepClone();
        }

        var parameters = new JsonObject();
        foreach (var (name, value) in call.Parameters.Where(p => p.Key is not ("Action" or "Version") && !p.Key.StartsWith("X-Amz-", StringComparison.Ordinal)))
        {
            parameters[char.ToLowerInvariant(name[0]) + name[1..]] = value;
        }

        return parameters.Count == 0 ? null : parameters;
    }

    public override AwsServiceException AccessDenied(CallerIdentity caller, string action, string resource)
    {
        // EC2 has its own error code, which CloudTrail prefixes with "Client.".
        if (SigningName == "ec2")
        {
            return new AwsServiceException("UnauthorizedOperation", "You are not authorized to perform this operation.", 403)
            {
                CloudTrailCode = "Client.UnauthorizedOperation",
            };
        }

        var message = $"User: {caller.Arn} is not authorized to perform: {SigningName}:{action} on resource: {resource} because no identity-based policy allows the {SigningName}:{action} action";
        return protocol == Protocol.Query
            ? new AwsServiceException("AccessDenied", message, 403)
            : new AwsServiceException("AccessDeniedException", message, 403) { CloudTrailCode = "AccessDenied" };
    }

    public override AwsResult FormatError(AwsServiceException error, string requestId)
    {
        if (protocol == Protocol.Query && SigningName == "ec2")
        {
            // EC2's query protocol wraps errors in Response/Errors/Error.
            var ec2Document = new XElement("Response",
                new XElement("Errors", new XElement("Error", new XElement("Code", error.Code), new XElement("Message", error.Message))),
                new XElement("RequestID", requestId));
            return new AwsResult
            {
                StatusCode = error.StatusCode,
                ContentType = "text/xml",
                Body = Encoding.UTF8.GetBytes(ec2Document.ToString(SaveOptions.DisableFormatting)),
            };
        }

        if (protocol == Protocol.Query)
        {
            var document = new XElement("ErrorResponse",
                new XElement("Error", new XElement("Type", error.FaultType), new XElement("Code", error.Code), new XElement("Message", error.Message)),
                new XElement("RequestId", requestId));
            return new AwsResult
            {
                StatusCode = error.StatusCode,
                ContentType = "text/xml",
                Body = Encoding.UTF8.GetBytes(document.ToString(SaveOptions.DisableFormatting)),
            };
        }

        // JSON and REST-JSON services name the error in x-amzn-ErrorType and in the body.
        var body = new JsonObject { ["__type"] = error.Code, ["message"] = error.Message, ["Message"] = error.Message };
        return new AwsResult
        {
            StatusCode = error.StatusCode,
            ContentType = protocol == Protocol.Json ? "application/x-amz-json-1.1" : "application/json",
            Body = Encoding.UTF8.GetBytes(body.ToJsonString()),
            Headers = { ["x-amzn-ErrorType"] = error.Code },
        };
    }
}
