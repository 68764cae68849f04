namespace Honeytoken.Grains.Events;

/// <summary>The kind of a CloudTrail record, from its <c>eventType</c> and <c>eventCategory</c>.</summary>
public enum CloudTrailRecordKind
{
    /// <summary>An API call (<c>AwsApiCall</c>).</summary>
    ApiCall,

    /// <summary>A console sign-in (<c>AwsConsoleSignIn</c>).</summary>
    ConsoleSignIn,

    /// <summary>An event that an AWS service emitted on its own (<c>AwsServiceEvent</c>).</summary>
    ServiceEvent,

    /// <summary>An Insights event (<c>AwsCloudTrailInsight</c>), which has no caller.</summary>
    Insight,

    /// <summary>A network activity event seen at a VPC endpoint (<c>AwsVpceEvent</c>).</summary>
    NetworkActivity,

    /// <summary>Any other event type.</summary>
    Other,
}
