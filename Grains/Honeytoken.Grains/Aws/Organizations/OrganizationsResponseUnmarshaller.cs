using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Runtime.Internal.Util;

namespace Honeytoken.Grains.Aws.Organizations;

/// <summary>
/// Unmarshals the JSON response of one Organizations operation into <typeparamref name="TResponse"/>,
/// and an error into an <see cref="OrganizationsException"/> through the SDK's JSON error
/// unmarshaller, adding the error's <c>Reason</c> member.
/// </summary>
internal sealed class OrganizationsResponseUnmarshaller<TResponse>(Func<JsonElement, TResponse> readResult) : JsonResponseUnmarshaller
    where TResponse : AmazonWebServiceResponse
{
    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
    {
        using JsonDocument document = JsonDocument.Parse(input.Stream);
        return readResult(document.RootElement);
    }

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
    {
        var reader = new StreamingUtf8JsonReader(input.Stream);
        ErrorResponse error = JsonErrorResponseUnmarshaller.GetInstance().Unmarshall(input, ref reader);

        // The SDK's error unmarshaller read the whole body, which the context keeps for errors.
        string? reason = ReadReason(input.GetResponseBodyBytes());
        return new OrganizationsException(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode, reason);
    }

    private static string? ReadReason(byte[] body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            return document.RootElement.Text("Reason");
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
