using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Honeytoken.AwsEmulator.Protocol;

/// <summary>
/// Base of services that speak the AWS query protocol. Calls are form-encoded with an
/// <c>Action</c> field, results are <c>&lt;ActionResponse&gt;</c> XML documents, and errors
/// come in an <c>ErrorResponse</c> body.
/// </summary>
public abstract class QueryApi : AwsApi
{
    /// <summary>XML namespace of the service's responses.</summary>
    protected abstract XNamespace Namespace { get; }

    public override string? ResolveAction(HttpContext http, IReadOnlyDictionary<string, string> parameters) =>
        parameters.TryGetValue("Action", out var action) ? action : null;

    public override JsonObject? RequestParameters(AwsCall call)
    {
        var parameters = new JsonObject();
        foreach (var (name, value) in call.Parameters)
        {
            if (name is "Action" or "Version" || name.StartsWith("X-Amz-", StringComparison.Ordinal))
            {
                continue;
            }

            // CloudTrail spells request parameters in camel case.
            parameters[char.ToLowerInvariant(name[0]) + name[1..]] = value;
        }

        return parameters.Count == 0 ? null : parameters;
    }

    /// <summary>Creates an element in the service's namespace.</summary>
    protected XElement Element(string name, params object?[] content) => new(Namespace + name, content);

    /// <summary>Wraps result elements in the action's response document.</summary>
    protected AwsResult Ok(AwsCall call, IEnumerable<object?> result, JsonObject? responseElements = null)
    {
        var document = Element(call.Action + "Response",
            Element(call.Action + "Result", result.ToArray()),
            Element("ResponseMetadata", Element("RequestId", call.RequestId)));
        return Xml(200, document, responseElements);
    }

    /// <summary>Returns a response document with an empty result, as actions without output have.</summary>
    protected AwsResult OkEmpty(AwsCall call, JsonObject? responseElements = null)
    {
        var document = Element(call.Action + "Response",
            Element("ResponseMetadata", Element("RequestId", call.RequestId)));
        return Xml(200, document, responseElements);
    }

    public override AwsResult FormatError(AwsServiceException error, string requestId)
    {
        var document = Element("ErrorResponse",
            Element("Error",
                Element("Type", error.FaultType),
                Element("Code", error.Code),
                Element("Message", error.Message)),
            Element("RequestId", requestId));
        return Xml(error.StatusCode, document, null);
    }

    private static AwsResult Xml(int status, XElement document, JsonObject? responseElements) => new()
    {
        StatusCode = status,
        ContentType = "text/xml",
        Body = Encoding.UTF8.GetBytes(document.ToString(SaveOptions.DisableFormatting)),
        ResponseElements = responseElements,
    };

    /// <summary>Formats a time as the query protocol's ISO 8601 timestamp.</summary>
    protected static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
