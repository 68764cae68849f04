using System.Text.Json;
using Amazon.Runtime;

namespace Honeytoken.Grains.Aws.Organizations;

/// <summary>The organization that the calling account belongs to.</summary>
public sealed record Organization
{
    /// <summary>Organization id, such as o-exampleorgid.</summary>
    public required string Id { get; init; }

    /// <summary>ARN of the organization.</summary>
    public required string Arn { get; init; }

    /// <summary>ALL or CONSOLIDATED_BILLING.</summary>
    public string? FeatureSet { get; init; }

    /// <summary>Account id of the management account.</summary>
    public required string MasterAccountId { get; init; }

    /// <summary>ARN of the management account.</summary>
    public string? MasterAccountArn { get; init; }

    /// <summary>E-mail address of the management account.</summary>
    public string? MasterAccountEmail { get; init; }

    internal static Organization Read(JsonElement organization) => new()
    {
        Id = organization.RequiredText("Id"),
        Arn = organization.RequiredText("Arn"),
        FeatureSet = organization.Text("FeatureSet"),
        MasterAccountId = organization.RequiredText("MasterAccountId"),
        MasterAccountArn = organization.Text("MasterAccountArn"),
        MasterAccountEmail = organization.Text("MasterAccountEmail"),
    };
}

/// <summary>Request of DescribeOrganization.</summary>
public sealed class DescribeOrganizationRequest : OrganizationsRequest
{
    internal override string Operation => "DescribeOrganization";

    internal override void WriteMembers(Utf8JsonWriter writer)
    {
    }
}

/// <summary>Response of DescribeOrganization.</summary>
public sealed class DescribeOrganizationResponse : AmazonWebServiceResponse
{
    /// <summary>The organization.</summary>
    public Organization Organization { get; init; } = null!;

    internal static DescribeOrganizationResponse Read(JsonElement body) =>
        new() { Organization = Organization.Read(body.RequiredObject("Organization")) };
}
