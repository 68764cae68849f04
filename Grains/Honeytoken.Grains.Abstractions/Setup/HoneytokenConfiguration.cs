namespace Honeytoken.Grains.Setup;

/// <summary>
/// The contents of <c>aws_honeytoken_config.json</c>: everything the service needs to run
/// honeytokens in one dedicated AWS organization. Produced only by
/// <see cref="HoneytokenConfigurationParser"/>, so an instance is always valid.
/// </summary>
[GenerateSerializer, Immutable, Alias("honeytoken.setup.configuration.v1")]
public sealed record HoneytokenConfiguration
{
    /// <summary>The file format version this service reads.</summary>
    public const int CurrentVersion = 1;

    [Id(0)] public required int Version { get; init; }

    [Id(1)] public required AwsCredentialsSettings BootstrapCredentials { get; init; }

    [Id(2)] public required ManagementRoleSettings ManagementRole { get; init; }

    [Id(3)] public required OrganizationSettings Organization { get; init; }

    [Id(4)] public required PoolSettings Pool { get; init; }

    [Id(5)] public required LogChannelSettings Logs { get; init; }

    [Id(6)] public required RealTimeChannelSettings RealTime { get; init; }

    [Id(7)] public required AwsEndpointSettings Endpoints { get; init; }
}

/// <summary>Long-lived credentials used only to assume <see cref="ManagementRoleSettings.Arn"/>.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.setup.credentials.v1")]
public sealed record AwsCredentialsSettings(
    [property: Id(0)] string AccessKeyId,
    [property: Id(1)] string SecretAccessKey);

/// <summary>The role in the organization's management account, and the external ID its trust policy requires.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.setup.management-role.v1")]
public sealed record ManagementRoleSettings(
    [property: Id(0)] string Arn,
    [property: Id(1)] string ExternalId)
{
    /// <summary>The 12-digit management account id, taken from <see cref="Arn"/>.</summary>
    public string AccountId => Arn.Split(':')[4];
}

/// <summary>
/// The member accounts that hold the honeytoken users. <c>{n}</c> in the patterns is replaced
/// by the account's number, starting at 1.
/// </summary>
[GenerateSerializer, Immutable, Alias("honeytoken.setup.organization.v1")]
public sealed record OrganizationSettings(
    [property: Id(0)] int MemberAccounts,
    [property: Id(1)] string AccountNamePattern,
    [property: Id(2)] string EmailPattern,
    [property: Id(3)] string MemberRoleName)
{
    /// <summary>The placeholder for the account number in the name and e-mail patterns.</summary>
    public const string NumberPlaceholder = "{n}";

    public string AccountName(int number) => AccountNamePattern.Replace(NumberPlaceholder, number.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public string AccountEmail(int number) => EmailPattern.Replace(NumberPlaceholder, number.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}

/// <summary>How many provisioned, unassigned keys the service keeps ready.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.setup.pool.v1")]
public sealed record PoolSettings([property: Id(0)] int Size);

/// <summary>Where CloudTrail log files are read, and the SNS topic that announces them.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.setup.logs.v1")]
public sealed record LogChannelSettings(
    [property: Id(0)] string AccessPointArn,
    [property: Id(1)] string Prefix,
    [property: Id(2)] string SnsTopicArn);

/// <summary>The shared secret that EventBridge API destinations send with each real-time event.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.setup.realtime.v1")]
public sealed record RealTimeChannelSettings(
    [property: Id(0)] string WebhookHeaderName,
    [property: Id(1)] string WebhookKey);

/// <summary>
/// AWS endpoints. The defaults are the real endpoints of the network requirements; the
/// local profile points every one of them at the emulator.
/// </summary>
[GenerateSerializer, Immutable, Alias("honeytoken.setup.endpoints.v1")]
public sealed record AwsEndpointSettings(
    [property: Id(0)] Uri Sts,
    [property: Id(1)] Uri RegionalSts,
    [property: Id(2)] Uri Iam,
    [property: Id(3)] Uri S3AccessPoint,
    [property: Id(4)] Uri Organizations)
{
    public static AwsEndpointSettings Default { get; } = new(
        new Uri("https://sts.amazonaws.com"),
        new Uri("https://sts.us-west-2.amazonaws.com"),
        new Uri("https://iam.amazonaws.com"),
        new Uri("https://s3-accesspoint.us-west-2.amazonaws.com"),
        new Uri("https://organizations.us-east-1.amazonaws.com"));
}
