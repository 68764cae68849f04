using Amazon.Runtime;

namespace Honeytoken.Grains.Aws.Iam;

/// <summary>
/// Base of the IAM requests. Each request names its query protocol action and writes its own
/// parameters, and <see cref="IamRequestMarshaller"/> turns it into the HTTP request.
/// </summary>
public abstract class IamRequest : AmazonWebServiceRequest
{
    /// <summary>Query protocol action, such as CreateUser.</summary>
    internal abstract string Action { get; }

    /// <summary>Adds the operation's parameters, flattened as the query protocol names them.</summary>
    internal abstract void WriteParameters(IamQueryParameters parameters);
}
