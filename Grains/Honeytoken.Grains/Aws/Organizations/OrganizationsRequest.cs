using System.Text.Json;
using Amazon.Runtime;

namespace Honeytoken.Grains.Aws.Organizations;

/// <summary>
/// Base of the Organizations requests. Each request names its operation and writes its JSON
/// members, and <see cref="OrganizationsRequestMarshaller"/> turns it into the HTTP request.
/// </summary>
public abstract class OrganizationsRequest : AmazonWebServiceRequest
{
    /// <summary>Operation name, such as CreateAccount.</summary>
    internal abstract string Operation { get; }

    /// <summary>Writes the members of the request object, without the braces that the marshaller writes.</summary>
    internal abstract void WriteMembers(Utf8JsonWriter writer);
}
