using System.Xml.Linq;
using Amazon.Runtime;

namespace Honeytoken.Grains.Aws.Iam;

/// <summary>Status of an access key.</summary>
public enum AccessKeyStatus
{
    /// <summary>The key signs requests.</summary>
    Active,

    /// <summary>The key is disabled, so requests signed with it fail.</summary>
    Inactive,
}

/// <summary>A new access key with its secret, which IAM returns only from CreateAccessKey.</summary>
public sealed record IamAccessKey
{
    /// <summary>Name of the user that owns the key.</summary>
    public required string UserName { get; init; }

    /// <summary>Access key id, starting with AKIA.</summary>
    public required string AccessKeyId { get; init; }

    /// <summary>Secret access key. A secret: never log it.</summary>
    public required string SecretAccessKey { get; init; }

    /// <summary>Status of the key.</summary>
    public required AccessKeyStatus Status { get; init; }

    /// <summary>Creation time in UTC.</summary>
    public DateTimeOffset? CreateDate { get; init; }

    /// <summary>Describes the key without its secret, so that the key can appear in logs and messages.</summary>
    public override string ToString() =>
        $"IamAccessKey {{ UserName = {UserName}, AccessKeyId = {AccessKeyId}, Status = {Status}, CreateDate = {CreateDate:O} }}";

    internal static IamAccessKey Read(XElement? key) => new()
    {
        UserName = key.RequiredText("UserName"),
        AccessKeyId = key.RequiredText("AccessKeyId"),
        SecretAccessKey = key.RequiredText("SecretAccessKey"),
        Status = ParseStatus(key.RequiredText("Status")),
        CreateDate = key.Timestamp("CreateDate"),
    };

    internal static AccessKeyStatus ParseStatus(string status) => status switch
    {
        "Active" => AccessKeyStatus.Active,
        "Inactive" => AccessKeyStatus.Inactive,
        _ => throw new FormatException($"Unknown access key status '{status}'."),
    };
}

/// <summary>An access key as ListAccessKeys describes it, without its secret.</summary>
public sealed record IamAccessKeyMetadata
{
    /// <summary>Name of the user that owns the key.</summary>
    public required string UserName { get; init; }

    /// <summary>Access key id.</summary>
    public required string AccessKeyId { get; init; }

    /// <summary>Status of the key.</summary>
    public required AccessKeyStatus Status { get; init; }

    /// <summary>Creation time in UTC.</summary>
    public DateTimeOffset? CreateDate { get; init; }

    internal static IamAccessKeyMetadata Read(XElement key) => new()
    {
        UserName = key.RequiredText("UserName"),
        AccessKeyId = key.RequiredText("AccessKeyId"),
        Status = IamAccessKey.ParseStatus(key.RequiredText("Status")),
        CreateDate = key.Timestamp("CreateDate"),
    };
}

/// <summary>Request of CreateAccessKey. IAM allows two keys per user and returns LimitExceeded past that.</summary>
public sealed class CreateAccessKeyRequest : IamRequest
{
    /// <summary>Name of the user, or null for the user whose credentials sign the request.</summary>
    public string? UserName { get; init; }

    internal override string Action => "CreateAccessKey";

    internal override void WriteParameters(IamQueryParameters parameters) => parameters.Add("UserName", UserName);
}

/// <summary>Response of CreateAccessKey.</summary>
public sealed class CreateAccessKeyResponse : AmazonWebServiceResponse
{
    /// <summary>The new key with its secret.</summary>
    public IamAccessKey AccessKey { get; init; } = null!;

    internal static CreateAccessKeyResponse Read(XElement? result) => new() { AccessKey = IamAccessKey.Read(result.Child("AccessKey")) };
}

/// <summary>Request of ListAccessKeys, one page of a user's keys.</summary>
public sealed class ListAccessKeysRequest : IamRequest
{
    /// <summary>Name of the user, or null for the user whose credentials sign the request.</summary>
    public string? UserName { get; init; }

    /// <summary>Marker of the previous page's response, or null for the first page.</summary>
    public string? Marker { get; init; }

    /// <summary>Maximum number of keys on the page.</summary>
    public int? MaxItems { get; init; }

    internal override string Action => "ListAccessKeys";

    internal override void WriteParameters(IamQueryParameters parameters)
    {
        parameters.Add("UserName", UserName);
        parameters.Add("Marker", Marker);
        parameters.Add("MaxItems", MaxItems);
    }
}

/// <summary>Response of ListAccessKeys.</summary>
public sealed class ListAccessKeysResponse : AmazonWebServiceResponse
{
    /// <summary>Keys of this page.</summary>
    public IReadOnlyList<IamAccessKeyMetadata> AccessKeys { get; init; } = [];

    /// <summary>True when more keys follow.</summary>
    public bool IsTruncated { get; init; }

    /// <summary>Marker of the next page when <see cref="IsTruncated"/> is true.</summary>
    public string? Marker { get; init; }

    internal static ListAccessKeysResponse Read(XElement? result) => new()
    {
        AccessKeys = result.Members("AccessKeyMetadata").Select(IamAccessKeyMetadata.Read).ToList(),
        IsTruncated = result.Boolean("IsTruncated"),
        Marker = result.Text("Marker"),
    };
}

/// <summary>Request of DeleteAccessKey.</summary>
public sealed class DeleteAccessKeyRequest : IamRequest
{
    /// <summary>Name of the user that owns the key, or null for the signing user.</summary>
    public string? UserName { get; init; }

    /// <summary>Access key id to delete.</summary>
    public required string AccessKeyId { get; init; }

    internal override string Action => "DeleteAccessKey";

    internal override void WriteParameters(IamQueryParameters parameters)
    {
        parameters.Add("UserName", UserName);
        parameters.Add("AccessKeyId", AccessKeyId);
    }
}

/// <summary>Response of DeleteAccessKey, which has no output.</summary>
public sealed class DeleteAccessKeyResponse : AmazonWebServiceResponse
{
    internal static DeleteAccessKeyResponse Read(XElement? result) => new();
}

/// <summary>Request of UpdateAccessKey, which activates or deactivates a key.</summary>
public sealed class UpdateAccessKeyRequest : IamRequest
{
    /// <summary>Name of the user that owns the key, or null for the signing user.</summary>
    public string? UserName { get; init; }

    /// <summary>Access key id to update.</summary>
    public required string AccessKeyId { get; init; }

    /// <summary>New status of the key.</summary>
    public required AccessKeyStatus Status { get; init; }

    internal override string Action => "UpdateAccessKey";

    internal override void WriteParameters(IamQueryParameters parameters)
    {
        parameters.Add("UserName", UserName);
        parameters.Add("AccessKeyId", AccessKeyId);
        parameters.Add("Status", Status.ToString());
    }
}

/// <summary>Response of UpdateAccessKey, which has no output.</summary>
public sealed class UpdateAccessKeyResponse : AmazonWebServiceResponse
{
    internal static UpdateAccessKeyResponse Read(XElement? result) => new();
}

/// <summary>Request of GetAccessKeyLastUsed.</summary>
public sealed class GetAccessKeyLastUsedRequest : IamRequest
{
    /// <summary>Access key id to look up.</summary>
    public required string AccessKeyId { get; init; }

    internal override string Action => "GetAccessKeyLastUsed";

    internal override void WriteParameters(IamQueryParameters parameters) => parameters.Add("AccessKeyId", AccessKeyId);
}

/// <summary>Last use of an access key as IAM tracks it.</summary>
public sealed record IamAccessKeyLastUsed
{
    /// <summary>Time of the last use, or null when the key was never used.</summary>
    public DateTimeOffset? LastUsedDate { get; init; }

    /// <summary>Service called last, such as <c>s3</c>, or <c>N/A</c> for a key never used.</summary>
    public required string ServiceName { get; init; }

    /// <summary>Region of the last call, or <c>N/A</c> for a key never used.</summary>
    public required string Region { get; init; }

    /// <summary>True when IAM recorded a use of the key.</summary>
    public bool WasUsed => LastUsedDate is not null;
}

/// <summary>Response of GetAccessKeyLastUsed.</summary>
public sealed class GetAccessKeyLastUsedResponse : AmazonWebServiceResponse
{
    /// <summary>Name of the user that owns the key.</summary>
    public string? UserName { get; init; }

    /// <summary>Last use of the key.</summary>
    public IamAccessKeyLastUsed AccessKeyLastUsed { get; init; } = null!;

    internal static GetAccessKeyLastUsedResponse Read(XElement? result)
    {
        XElement? lastUsed = result.Child("AccessKeyLastUsed");
        return new GetAccessKeyLastUsedResponse
        {
            UserName = result.Text("UserName"),
            AccessKeyLastUsed = new IamAccessKeyLastUsed
            {
                LastUsedDate = lastUsed.Timestamp("LastUsedDate"),
                ServiceName = lastUsed.Text("ServiceName") ?? "N/A",
                Region = lastUsed.Text("Region") ?? "N/A",
            },
        };
    }
}
