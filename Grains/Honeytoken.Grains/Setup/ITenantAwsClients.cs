using Honeytoken.Grains.Aws.Iam;
using Honeytoken.Grains.Aws.Organizations;

namespace Honeytoken.Grains.Setup;

/// <summary>
/// The AWS clients of one installation, built from its uploaded configuration: Organizations
/// in the management account through the management role, and IAM in each member account
/// through the member role. One instance per silo caches clients and credentials, which
/// refresh before they expire; callers never dispose the clients they get.
/// </summary>
public interface ITenantAwsClients
{
    /// <summary>
    /// Checks the configuration against AWS: the bootstrap credentials can assume the
    /// management role with the external ID, and the log access point exists. Returns one
    /// error per field that AWS rejected, or an empty list.
    /// </summary>
    Task<IReadOnlyList<ConfigurationError>> VerifyAsync(HoneytokenConfiguration configuration, CancellationToken cancellationToken);

    /// <summary>Returns the Organizations client of the management account.</summary>
    IOrganizationsClient Organizations(HoneytokenConfiguration configuration);

    /// <summary>Returns the IAM client of a member account, signed with its member role's credentials.</summary>
    IIamClient Iam(HoneytokenConfiguration configuration, string accountId);

    /// <summary>Returns the S3 client that reads the log bucket through its access point, with the management role's credentials.</summary>
    Amazon.S3.IAmazonS3 LogBucket(HoneytokenConfiguration configuration);
}
