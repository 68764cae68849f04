namespace Honeytoken.AwsEmulator.State;

/// <summary>
/// Everything the emulator stores: accounts, IAM principals, keys, the organization, S3
/// objects and SNS subscriptions. Handlers read and change it only while holding
/// <see cref="Gate"/>, because requests arrive on many threads at once.
/// </summary>
// Populating the dictionaries created here keeps their comparers when the state file is read.
[System.Text.Json.Serialization.JsonObjectCreationHandling(System.Text.Json.Serialization.JsonObjectCreationHandling.Populate)]
public sealed class EmulatorState
{
    /// <summary>Lock that guards every collection in this object.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Lock Gate { get; } = new();

    /// <summary>Accounts by 12-digit account id.</summary>
    public Dictionary<string, AccountState> Accounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Long-term and temporary access keys by access key id.</summary>
    public Dictionary<string, AccessKeyState> AccessKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The organization, when one exists.</summary>
    public OrganizationState? Organization { get; set; }

    /// <summary>Buckets by name.</summary>
    public Dictionary<string, BucketState> Buckets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>SNS topics by ARN.</summary>
    public Dictionary<string, TopicState> Topics { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The trail that turns calls into CloudTrail records.</summary>
    public TrailState Trail { get; set; } = new();

    /// <summary>Webhooks that receive the deliveries.</summary>
    public Hosting.DeliveryTargets Deliveries { get; set; } = new();

    /// <summary>Private key and certificate that sign SNS messages, PEM encoded.</summary>
    public SnsSigningKeyState? SnsSigningKey { get; set; }
}
