namespace Honeytoken.Grains.Events;

/// <summary>Classifies CloudTrail records by kind.</summary>
public static class CloudTrailRecordClassifier
{
    /// <summary>
    /// Returns the kind of <paramref name="record"/>. Event types are compared without case
    /// because AWS documents both <c>AwsConsoleSignIn</c> and <c>AwsConsoleSignin</c>. A record
    /// without <c>eventType</c> (older records and hand-written samples) is a console sign-in
    /// when it is a <c>signin.amazonaws.com</c> login event, and an API call otherwise.
    /// </summary>
    public static CloudTrailRecordKind Classify(CloudTrailRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);

        var eventType = record.EventType;
        if (eventType is not null)
        {
            if (eventType.Equals("AwsApiCall", StringComparison.OrdinalIgnoreCase))
            {
                return CloudTrailRecordKind.ApiCall;
            }

            if (eventType.Equals("AwsConsoleSignIn", StringComparison.OrdinalIgnoreCase))
            {
                return CloudTrailRecordKind.ConsoleSignIn;
            }

            if (eventType.Equals("AwsServiceEvent", StringComparison.OrdinalIgnoreCase))
            {
                return CloudTrailRecordKind.ServiceEvent;
            }

            if (eventType.Equals("AwsCloudTrailInsight", StringComparison.OrdinalIgnoreCase))
            {
                return CloudTrailRecordKind.Insight;
            }

            if (eventType.Equals("AwsVpceEvent", StringComparison.OrdinalIgnoreCase))
            {
                return CloudTrailRecordKind.NetworkActivity;
            }

            return CloudTrailRecordKind.Other;
        }

        if (string.Equals(record.EventCategory, "Insight", StringComparison.OrdinalIgnoreCase))
        {
            return CloudTrailRecordKind.Insight;
        }

        if (string.Equals(record.EventSource, "signin.amazonaws.com", StringComparison.OrdinalIgnoreCase)
            && record.EventName is "ConsoleLogin" or "CheckMfa" or "SwitchRole" or "ExitRole" or "RenewRole")
        {
            return CloudTrailRecordKind.ConsoleSignIn;
        }

        return record.EventName is null ? CloudTrailRecordKind.Other : CloudTrailRecordKind.ApiCall;
    }
}
