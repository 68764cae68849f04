using System.Net;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;

namespace Honeytoken.Grains.Aws.Iam;

/// <summary>
/// Unmarshals the XML response of one IAM action: the <c>{Action}Result</c> element into
/// <typeparamref name="TResponse"/>, and an <c>ErrorResponse</c> into an <see cref="IamException"/>
/// through the SDK's XML error unmarshaller.
/// </summary>
internal sealed class IamResponseUnmarshaller<TResponse>(string action, Func<XElement?, TResponse> readResult) : XmlResponseUnmarshaller
    where TResponse : AmazonWebServiceResponse
{
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
    };

    public override AmazonWebServiceResponse Unmarshall(XmlUnmarshallerContext input)
    {
        XDocument document;
        using (XmlReader reader = XmlReader.Create(input.Stream, ReaderSettings))
        {
            document = XDocument.Load(reader);
        }

        XElement? root = document.Root;
        if (root is null || root.Name.LocalName != action + "Response")
        {
            throw new FormatException($"The IAM response to {action} has root element '{root?.Name.LocalName}', expected '{action}Response'.");
        }

        // Actions without output, such as DeleteUser, return no result element.
        TResponse response = readResult(root.Child(action + "Result"));
        response.ResponseMetadata = new ResponseMetadata { RequestId = root.Child("ResponseMetadata").Text("RequestId") };
        return response;
    }

    public override AmazonServiceException UnmarshallException(XmlUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
    {
        ErrorResponse error = XmlErrorResponseUnmarshaller.GetInstance().Unmarshall(input);
        return new IamException(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode);
    }
}
