namespace Honeytoken.Grains.Events;

/// <summary>The names under which channels appear in the <c>channels</c> of a stored event.</summary>
public static class EventChannels
{
    /// <summary>EventBridge API-destination deliveries to <c>/webhooks/aws/realtime</c>.</summary>
    public const string RealTime = "realtime";

    /// <summary>CloudTrail log files announced through SNS.</summary>
    public const string LogFile = "log_file";

    /// <summary>CloudTrail log files found by listing the log prefix.</summary>
    public const string CatchUp = "catch_up";

    /// <summary>IAM last-used data that no CloudTrail record explains.</summary>
    public const string UnloggedUse = "unlogged_use";
}
