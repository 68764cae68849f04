using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Util;
using IRequest = Amazon.Runtime.Internal.IRequest;

namespace Honeytoken.Grains.Aws.Iam;

/// <summary>
/// Marshals an <see cref="IamRequest"/> into an AWS query protocol POST: the action, the API version
/// and the operation's parameters as a form-encoded body, which the SDK then signs.
/// </summary>
internal sealed class IamRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static readonly IamRequestMarshaller Instance = new();

    public IRequest Marshall(AmazonWebServiceRequest input)
    {
        var iamRequest = (IamRequest)input;

        var request = new DefaultRequest(input, "IAM") { HttpMethod = "POST" };
        request.Parameters["Action"] = iamRequest.Action;
        request.Parameters["Version"] = IamClientConfig.ApiVersion;
        iamRequest.WriteParameters(new IamQueryParameters(request.Parameters));

        request.ContentStream = AWSSDKUtils.WriteParametersToPooledStream(request);
        return request;
    }
}
