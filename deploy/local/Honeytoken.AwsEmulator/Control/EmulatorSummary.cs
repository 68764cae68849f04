namespace Honeytoken.AwsEmulator.Control;

/// <summary>The seeded values that clients of the emulator need, as <c>GET /_emulator/seed</c> returns them.</summary>
public sealed record EmulatorSummary
{
    public required string AccountId { get; init; }

    public required string AccessKeyId { get; init; }

    public required string SecretAccessKey { get; init; }

    public required string OrganizationId { get; init; }

    public required string ManagementRoleArn { get; init; }

    public required string ExternalId { get; init; }

    public required string LogBucket { get; init; }

    public required string LogBucketRegion { get; init; }

    public required string AccessPointArn { get; init; }

    public required string TopicArn { get; init; }

    public required string SigningCertUrl { get; init; }
}
