namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>The format of the <c>Message</c> of an SNS notification on the log topic.</summary>
public enum LogFileNotificationKind
{
    /// <summary>An S3 event notification, <c>{"Records":[{"s3":…}]}</c>.</summary>
    S3Event,

    /// <summary>CloudTrail's own notification, <c>{"s3Bucket":…,"s3ObjectKey":[…]}</c>.</summary>
    CloudTrail,

    /// <summary>The <c>s3:TestEvent</c> that S3 sends when the notification is configured.</summary>
    S3TestEvent,

    /// <summary>Any other message, such as plain text, which names nothing to read.</summary>
    Unrecognized,
}
