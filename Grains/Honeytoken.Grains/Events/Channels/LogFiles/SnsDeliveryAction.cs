namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>What the SNS webhook does with a delivery.</summary>
public enum SnsDeliveryAction
{
    /// <summary>Answer 4xx and store nothing: the delivery is malformed, forged or not for the configured topic.</summary>
    Reject,

    /// <summary>Send one GET to <see cref="SnsDeliveryOutcome.SubscribeUrl"/> to confirm the subscription.</summary>
    ConfirmSubscription,

    /// <summary>The endpoint was unsubscribed. Show it on the health page and do not visit any URL.</summary>
    Unsubscribed,

    /// <summary>Read the log files in <see cref="SnsDeliveryOutcome.Notification"/>.</summary>
    ReadLogFiles,

    /// <summary>Answer 2xx and do nothing: a test event, a message naming no log file, or plain text.</summary>
    Ignore,
}
