namespace Honeytoken.AwsEmulator.Hosting;

/// <summary>
/// Accounts, principals, buckets, topics and delivery targets that the emulator creates at
/// start or through <c>POST /_emulator/seed</c>. Applying a seed adds what is missing and
/// leaves existing entities as they are.
/// </summary>
public sealed class EmulatorSeed
{
    /// <summary>Management account of the local organization.</summary>
    public const string LocalAccountId = "123456789012";

    /// <summary>AWS's documentation example key id, never valid on real AWS.</summary>
    public const string LocalAccessKeyId = "AKIAIOSFODNN7EXAMPLE";

    /// <summary>AWS's documentation example secret that belongs to <see cref="LocalAccessKeyId"/>.</summary>
    public const string LocalSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    public const string LocalOrganizationId = "o-honeytoken1";

    public const string LocalManagementRoleName = "HoneytokenManager";

    public const string LocalExternalId = "honeytoken-local-external-id";

    public const string LocalLogBucket = "honeytoken-trail-logs";

    public const string LocalLogRegion = "us-west-2";

    public const string LocalAccessPointName = "honeytoken-logs";

    public const string LocalTopicArn = "arn:aws:sns:us-west-2:123456789012:honeytoken-trail-logs";

    public const string LocalMemberRoleName = "OrganizationAccountAccessRole";

    public List<SeedAccount> Accounts { get; set; } = [];

    public SeedOrganization? Organization { get; set; }

    public List<SeedUser> Users { get; set; } = [];

    public List<SeedRole> Roles { get; set; } = [];

    public List<SeedBucket> Buckets { get; set; } = [];

    /// <summary>ARNs of SNS topics.</summary>
    public List<string> Topics { get; set; } = [];

    public SeedTrail? Trail { get; set; }

    public DeliveryTargets? Deliveries { get; set; }

    /// <summary>Creates the fixed local seed that docs, scripts and tests agree on.</summary>
    public static EmulatorSeed CreateLocal() => new()
    {
        Accounts = [new SeedAccount { Id = LocalAccountId, Name = "honeytoken-management", Email = "aws-management@example.com" }],
        Organization = new SeedOrganization { Id = LocalOrganizationId, ManagementAccountId = LocalAccountId, AccountLimit = 10 },
        Users =
        [
            new SeedUser
            {
                AccountId = LocalAccountId,
                UserName = "honeytoken-bootstrap",
                Administrator = true,
                AccessKeys = [new SeedAccessKey { AccessKeyId = LocalAccessKeyId, SecretAccessKey = LocalSecretAccessKey }],
            },
        ],
        Roles =
        [
            new SeedRole
            {
                AccountId = LocalAccountId,
                RoleName = LocalManagementRoleName,
                TrustedAccountIds = [LocalAccountId],
                ExternalId = LocalExternalId,
            },
        ],
        Buckets =
        [
            new SeedBucket
            {
                Name = LocalLogBucket,
                Region = LocalLogRegion,
                AccountId = LocalAccountId,
                AccessPoints = [LocalAccessPointName],
                NotificationTopicArn = LocalTopicArn,
            },
        ],
        Topics = [LocalTopicArn],
        Trail = new SeedTrail { Name = "honeytoken-trail", BucketName = LocalLogBucket, HomeRegion = LocalLogRegion },
    };
}

/// <summary>An account to create.</summary>
public sealed class SeedAccount
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    /// <summary>IAM users allowed in the account. Default 5,000, as in AWS.</summary>
    public int UserQuota { get; set; } = 5000;

    /// <summary>Access keys allowed per user. Default 2, as in AWS.</summary>
    public int AccessKeysPerUserQuota { get; set; } = 2;
}

/// <summary>The organization and its quota.</summary>
public sealed class SeedOrganization
{
    public string Id { get; set; } = "";

    public string ManagementAccountId { get; set; } = "";

    /// <summary>Accounts allowed in the organization, the management account included. Default 10, as in AWS.</summary>
    public int AccountLimit { get; set; } = 10;
}

/// <summary>An IAM user with its access keys.</summary>
public sealed class SeedUser
{
    public string AccountId { get; set; } = "";

    public string UserName { get; set; } = "";

    /// <summary>True to let the user call every API; false gives it no permissions.</summary>
    public bool Administrator { get; set; }

    public List<SeedAccessKey> AccessKeys { get; set; } = [];
}

/// <summary>An access key pair.</summary>
public sealed class SeedAccessKey
{
    public string AccessKeyId { get; set; } = "";

    public string SecretAccessKey { get; set; } = "";
}

/// <summary>An IAM role that other accounts may assume.</summary>
public sealed class SeedRole
{
    public string AccountId { get; set; } = "";

    public string RoleName { get; set; } = "";

    public List<string> TrustedAccountIds { get; set; } = [];

    /// <summary>External ID that AssumeRole must pass, or null for none.</summary>
    public string? ExternalId { get; set; }
}

/// <summary>A bucket with its access points and notification topic.</summary>
public sealed class SeedBucket
{
    public string Name { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    public string AccountId { get; set; } = "";

    public List<string> AccessPoints { get; set; } = [];

    public string? NotificationTopicArn { get; set; }
}

/// <summary>The trail that writes log files.</summary>
public sealed class SeedTrail
{
    public string Name { get; set; } = "honeytoken-trail";

    public string BucketName { get; set; } = "";

    public string HomeRegion { get; set; } = "us-east-1";

    /// <summary>Actions (<c>service:Action</c>) that write no CloudTrail record.</summary>
    public List<string> UnloggedActions { get; set; } = [];
}
