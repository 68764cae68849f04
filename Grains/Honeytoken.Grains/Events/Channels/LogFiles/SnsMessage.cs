namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>
/// An SNS message as posted to an HTTP(S) endpoint. Values are kept exactly as received,
/// because the signature covers them byte for byte.
/// </summary>
public sealed record SnsMessage
{
    /// <summary>The <c>Type</c> text.</summary>
    public string? TypeName { get; init; }

    /// <summary>The message type parsed from <see cref="TypeName"/>.</summary>
    public SnsMessageType Type { get; init; }

    /// <summary>The <c>MessageId</c>; SNS keeps it across retries, so it identifies replays.</summary>
    public string? MessageId { get; init; }

    /// <summary>The ARN of the topic the message was published to.</summary>
    public string? TopicArn { get; init; }

    /// <summary>The <c>Subject</c>, present only when the publisher set one.</summary>
    public string? Subject { get; init; }

    /// <summary>The <c>Message</c>: the published payload, or the confirmation text.</summary>
    public string? Message { get; init; }

    /// <summary>The <c>Timestamp</c> text.</summary>
    public string? Timestamp { get; init; }

    /// <summary>The <c>SignatureVersion</c>: <c>1</c> for SHA1withRSA, <c>2</c> for SHA256withRSA.</summary>
    public string? SignatureVersion { get; init; }

    /// <summary>The base64 <c>Signature</c>.</summary>
    public string? Signature { get; init; }

    /// <summary>The <c>SigningCertURL</c>.</summary>
    public string? SigningCertUrl { get; init; }

    /// <summary>The <c>SubscribeURL</c> of confirmation messages.</summary>
    public string? SubscribeUrl { get; init; }

    /// <summary>The <c>UnsubscribeURL</c> of notifications.</summary>
    public string? UnsubscribeUrl { get; init; }

    /// <summary>The <c>Token</c> of confirmation messages.</summary>
    public string? Token { get; init; }
}
