using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using IRequest = Amazon.Runtime.Internal.IRequest;

namespace Honeytoken.Grains.Aws.Organizations;

/// <summary>
/// Marshals an <see cref="OrganizationsRequest"/> into an AWS JSON 1.1 POST: the operation in
/// X-Amz-Target and the request members as a JSON object body, which the SDK then signs.
/// </summary>
internal sealed class OrganizationsRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static readonly OrganizationsRequestMarshaller Instance = new();

    public IRequest Marshall(AmazonWebServiceRequest input)
    {
        var organizationsRequest = (OrganizationsRequest)input;

        var request = new DefaultRequest(input, "Organizations") { HttpMethod = "POST", ResourcePath = "/" };
        request.Headers["X-Amz-Target"] = $"{OrganizationsClientConfig.TargetPrefix}.{organizationsRequest.Operation}";
        request.Headers["Content-Type"] = "application/x-amz-json-1.1";

        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            organizationsRequest.WriteMembers(writer);
            writer.WriteEndObject();
        }

        request.Content = body.ToArray();
        return request;
    }
}
