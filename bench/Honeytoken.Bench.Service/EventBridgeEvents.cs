using System.Globalization;
using System.Text.Json.Nodes;

namespace Honeytoken.Bench.Service;

/// <summary>
/// EventBridge events of a CloudTrail API call signed with a honeytoken's key, in the shape
/// that EventBridge delivers to the real-time webhook (detail-type "AWS API Call via CloudTrail").
/// </summary>
public static class EventBridgeEvents
{
    /// <summary>The account the calls claim to come from; routing looks at the access key id only.</summary>
    public const string AccountId = "210987654321";

    /// <summary>Returns the event as JSON, with <paramref name="eventId"/> as the CloudTrail eventID that deduplication keys on.</summary>
    public static string Create(string accessKeyId, string eventId, DateTimeOffset time) =>
        Template(time)
            .Replace("{key}", accessKeyId, StringComparison.Ordinal)
            .Replace("{event}", eventId, StringComparison.Ordinal);

    /// <summary>
    /// Returns the event JSON with the placeholders <c>{key}</c> for the access key id and
    /// <c>{event}</c> for the eventID and the envelope id, for generators that fill them in.
    /// </summary>
    public static string Template(DateTimeOffset time)
    {
        var timestamp = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var detail = new JsonObject
        {
            ["eventVersion"] = "1.08",
            ["userIdentity"] = new JsonObject
            {
                ["type"] = "IAMUser",
                ["principalId"] = "AIDABENCHMARKPRINCIPAL",
                ["arn"] = $"arn:aws:iam::{AccountId}:user/benchmark",
                ["accountId"] = AccountId,
                ["accessKeyId"] = "{key}",
                ["userName"] = "benchmark",
            },
            ["eventTime"] = timestamp,
            ["eventSource"] = "sts.amazonaws.com",
            ["eventName"] = "GetCallerIdentity",
            ["awsRegion"] = "us-east-1",
            ["sourceIPAddress"] = "203.0.113.7",
            ["userAgent"] = "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#debian.12 md/prompt#off md/command#sts.get-caller-identity",
            ["requestParameters"] = null,
            ["responseElements"] = null,
            ["requestID"] = "{event}",
            ["eventID"] = "{event}",
            ["readOnly"] = true,
            ["eventType"] = "AwsApiCall",
            ["managementEvent"] = true,
            ["recipientAccountId"] = AccountId,
            ["eventCategory"] = "Management",
            ["tlsDetails"] = new JsonObject
            {
                ["tlsVersion"] = "TLSv1.3",
                ["cipherSuite"] = "TLS_AES_128_GCM_SHA256",
                ["clientProvidedHostHeader"] = "sts.amazonaws.com",
            },
        };
        var envelope = new JsonObject
        {
            ["version"] = "0",
            ["id"] = "{event}",
            ["detail-type"] = "AWS API Call via CloudTrail",
            ["source"] = "aws.sts",
            ["account"] = AccountId,
            ["time"] = timestamp,
            ["region"] = "us-east-1",
            ["resources"] = new JsonArray(),
            ["detail"] = detail,
        };
        return envelope.ToJsonString();
    }
}
