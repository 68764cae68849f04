namespace Honeytoken.Grains.Aws;

/// <summary>
/// How the service reaches the dedicated organization: the bootstrap credentials, the management
/// role they assume, and the role that the management role assumes in each member account.
/// The tenant setup fills it from the uploaded configuration file.
/// </summary>
public sealed record AwsAccessSettings
{
    /// <summary>Access key id of the bootstrap credentials.</summary>
    public required string BootstrapAccessKeyId { get; init; }

    /// <summary>Secret access key of the bootstrap credentials. A secret: never log it.</summary>
    public required string BootstrapSecretAccessKey { get; init; }

    /// <summary>Session token when the bootstrap credentials are temporary, else null. A secret.</summary>
    public string? BootstrapSessionToken { get; init; }

    /// <summary>ARN of the management role, such as arn:aws:iam::111111111111:role/HoneytokenManagement.</summary>
    public required string ManagementRoleArn { get; init; }

    /// <summary>External id that the management role's trust policy requires. Treated as a secret.</summary>
    public required string ExternalId { get; init; }

    /// <summary>Name of the role to assume in each member account, such as OrganizationAccountAccessRole.</summary>
    public required string MemberRoleName { get; init; }

    /// <summary>Role session name that CloudTrail records with the service's calls.</summary>
    public string SessionName { get; init; } = "honeytoken-service";

    /// <summary>Describes the settings without the secret key, the session token or the external id.</summary>
    public override string ToString() =>
        $"AwsAccessSettings {{ BootstrapAccessKeyId = {BootstrapAccessKeyId}, ManagementRoleArn = {ManagementRoleArn}, MemberRoleName = {MemberRoleName}, SessionName = {SessionName} }}";
}
