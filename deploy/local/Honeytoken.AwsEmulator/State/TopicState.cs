namespace Honeytoken.AwsEmulator.State;

/// <summary>An SNS topic with at most one HTTP subscription, the service's webhook.</summary>
public sealed class TopicState
{
    public required string Arn { get; set; }

    public string? SubscriptionEndpoint { get; set; }

    public string? SubscriptionId { get; set; }

    /// <summary>Token sent in SubscriptionConfirmation; the SubscribeURL carries it.</summary>
    public string? ConfirmationToken { get; set; }

    /// <summary>True once the SubscribeURL has been visited.</summary>
    public bool Confirmed { get; set; }

    public string Region => Arn.Split(':')[3];

    public string AccountId => Arn.Split(':')[4];

    public string Name => Arn.Split(':')[5];
}
