namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>The <c>Type</c> of an SNS message delivered to an HTTP(S) endpoint.</summary>
public enum SnsMessageType
{
    /// <summary>A type this service does not know. Such a message is rejected.</summary>
    Unknown,

    /// <summary><c>SubscriptionConfirmation</c>: visit <c>SubscribeURL</c> to confirm the subscription.</summary>
    SubscriptionConfirmation,

    /// <summary><c>Notification</c>: a message published to the topic.</summary>
    Notification,

    /// <summary><c>UnsubscribeConfirmation</c>: the endpoint was unsubscribed from the topic.</summary>
    UnsubscribeConfirmation,
}
