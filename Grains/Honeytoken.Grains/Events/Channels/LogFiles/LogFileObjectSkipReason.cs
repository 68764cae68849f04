namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>Why an object named by a notification is not read.</summary>
public enum LogFileObjectSkipReason
{
    /// <summary>The S3 event is not an object creation, such as <c>ObjectRemoved:Delete</c>.</summary>
    NotObjectCreated,

    /// <summary>The key is outside the configured prefix.</summary>
    OutsidePrefix,

    /// <summary>The key is a digest file.</summary>
    Digest,

    /// <summary>The key is an Insights file.</summary>
    Insight,

    /// <summary>The key is not a CloudTrail log file.</summary>
    NotCloudTrail,
}
