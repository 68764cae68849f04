namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>What an object in a CloudTrail bucket contains, judged from its key.</summary>
public enum CloudTrailObjectKind
{
    /// <summary>A CloudTrail log file (<c>…/CloudTrail/…</c>): fetch and read its records.</summary>
    LogFile,

    /// <summary>A log file integrity digest (<c>…/CloudTrail-Digest/…</c>): contains no events.</summary>
    Digest,

    /// <summary>An Insights file (<c>…/CloudTrail-Insight/…</c>): contains no key uses.</summary>
    Insight,

    /// <summary>Anything else, such as VPC flow logs that share the <c>AWSLogs/</c> prefix.</summary>
    Other,
}
