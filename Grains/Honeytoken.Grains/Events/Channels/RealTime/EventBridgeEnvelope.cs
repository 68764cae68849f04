namespace Honeytoken.Grains.Events.Channels.RealTime;

/// <summary>One EventBridge event as delivered to an API destination.</summary>
public sealed record EventBridgeEnvelope
{
    /// <summary>The detail type that carries a CloudTrail API call.</summary>
    public const string ApiCallDetailType = "AWS API Call via CloudTrail";

    /// <summary>The EventBridge event id.</summary>
    public string? Id { get; init; }

    /// <summary>The <c>detail-type</c>, such as <c>AWS API Call via CloudTrail</c>.</summary>
    public string? DetailType { get; init; }

    /// <summary>The <c>source</c>, such as <c>aws.sts</c>.</summary>
    public string? Source { get; init; }

    /// <summary>The account the event came from.</summary>
    public string? Account { get; init; }

    /// <summary>The region the event came from.</summary>
    public string? Region { get; init; }

    /// <summary>The <c>time</c> text of the event.</summary>
    public string? Time { get; init; }

    /// <summary>
    /// The CloudTrail record in <c>detail</c>, or null when there is none. When the record has no
    /// <c>recipientAccountId</c>, it is filled from <see cref="Account"/>.
    /// </summary>
    public CloudTrailRecord? Detail { get; init; }

    /// <summary>Whether the event is a CloudTrail API call, the only detail type that can be a key use.</summary>
    public bool IsApiCall => string.Equals(DetailType, ApiCallDetailType, StringComparison.Ordinal) && Detail is not null;
}
