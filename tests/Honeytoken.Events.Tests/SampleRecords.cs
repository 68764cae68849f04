using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Honeytoken.Events.Tests;

/// <summary>Builds CloudTrail records and log files for the tests. Every value is made up.</summary>
internal static class SampleRecords
{
    public const string HoneytokenKey = "AKIAHONEYTOKEN000001";
    public const string HoneytokenUserArn = "arn:aws:iam::210987654321:user/build-agent";
    public const string HoneytokenUserId = "AIDAHONEYTOKENUSER001";
    public const string OtherKey = "AKIAUNRELATED0000042";

    public static readonly Guid TokenId = Guid.Parse("7d1f3c52-0a7e-4b3e-9d61-2f7a1c0e5b11");

    public static JsonObject ApiCall(
        string eventName = "GetCallerIdentity",
        string eventSource = "sts.amazonaws.com",
        string? accessKeyId = HoneytokenKey,
        string eventId = "5e0d7a0c-1111-4c2b-8e8f-000000000001",
        string eventTime = "2026-11-20T08:15:30Z",
        string userAgent = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#debian.12 md/prompt#off md/command#sts.get-caller-identity",
        string sourceIpAddress = "198.51.100.77")
    {
        return new JsonObject
        {
            ["eventVersion"] = "1.10",
            ["userIdentity"] = new JsonObject
            {
                ["type"] = "IAMUser",
                ["principalId"] = HoneytokenUserId,
                ["arn"] = HoneytokenUserArn,
                ["accountId"] = "210987654321",
                ["accessKeyId"] = accessKeyId,
                ["userName"] = "build-agent",
            },
            ["eventTime"] = eventTime,
            ["eventSource"] = eventSource,
            ["eventName"] = eventName,
            ["awsRegion"] = "eu-central-1",
            ["sourceIPAddress"] = sourceIpAddress,
            ["userAgent"] = userAgent,
            ["requestParameters"] = null,
            ["responseElements"] = new JsonObject { ["userId"] = HoneytokenUserId },
            ["requestID"] = "0c1f7b8e-2222-4a55-9d77-000000000001",
            ["eventID"] = eventId,
            ["readOnly"] = true,
            ["eventType"] = "AwsApiCall",
            ["managementEvent"] = true,
            ["recipientAccountId"] = "210987654321",
            ["eventCategory"] = "Management",
        };
    }

    /// <summary>A successful call that mints temporary credentials with the honeytoken's key.</summary>
    public static JsonObject Minting(string eventName, string issuedKey, string eventId)
    {
        var record = ApiCall(eventName: eventName, eventId: eventId, userAgent: "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1 lang/python#3.11.2 Botocore/1.35.0");
        record["readOnly"] = false;
        record["responseElements"] = new JsonObject
        {
            ["credentials"] = new JsonObject
            {
                ["accessKeyId"] = issuedKey,
                ["sessionToken"] = "FwoGZXIvYXdzEXAMPLETOKENTEXT",
                ["expiration"] = "Nov 20, 2026, 9:15:30 PM",
            },
        };
        return record;
    }

    /// <summary>A call made with a temporary key from GetSessionToken: the identity is still the IAM user.</summary>
    public static JsonObject SessionTokenCall(string temporaryKey, string eventId)
    {
        var record = ApiCall(eventName: "ListBuckets", eventSource: "s3.amazonaws.com", accessKeyId: temporaryKey, eventId: eventId);
        record["userIdentity"]!["sessionContext"] = new JsonObject
        {
            ["attributes"] = new JsonObject { ["creationDate"] = "2026-11-20T08:16:00Z", ["mfaAuthenticated"] = "false" },
        };
        return record;
    }

    /// <summary>A call made with a temporary key from GetFederationToken: the user appears only as the session issuer.</summary>
    public static JsonObject FederatedUserCall(string temporaryKey, string eventId)
    {
        var record = ApiCall(eventName: "DescribeInstances", eventSource: "ec2.amazonaws.com", accessKeyId: temporaryKey, eventId: eventId);
        record["userIdentity"] = new JsonObject
        {
            ["type"] = "FederatedUser",
            ["principalId"] = "210987654321:intruder",
            ["arn"] = "arn:aws:sts::210987654321:federated-user/intruder",
            ["accountId"] = "210987654321",
            ["accessKeyId"] = temporaryKey,
            ["sessionContext"] = new JsonObject
            {
                ["sessionIssuer"] = new JsonObject
                {
                    ["type"] = "IAMUser",
                    ["principalId"] = HoneytokenUserId,
                    ["arn"] = HoneytokenUserArn,
                    ["accountId"] = "210987654321",
                    ["userName"] = "build-agent",
                },
                ["attributes"] = new JsonObject { ["creationDate"] = "2026-11-20T08:17:00Z", ["mfaAuthenticated"] = "false" },
            },
        };
        return record;
    }

    public static JsonObject AccessDenied()
    {
        var record = ApiCall(eventName: "ListUsers", eventSource: "iam.amazonaws.com", eventId: "5e0d7a0c-1111-4c2b-8e8f-00000000000d");
        record["errorCode"] = "AccessDenied";
        record["errorMessage"] = $"User: {HoneytokenUserArn} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::210987654321:user/ because no identity-based policy allows the iam:ListUsers action";
        record["responseElements"] = null;
        return record;
    }

    public static JsonObject ConsoleLogin(string? accessKeyId)
    {
        var record = ApiCall(eventName: "ConsoleLogin", eventSource: "signin.amazonaws.com", accessKeyId: accessKeyId, eventId: "5e0d7a0c-1111-4c2b-8e8f-00000000000c");
        record["eventType"] = "AwsConsoleSignIn";
        record["userAgent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";
        record["responseElements"] = new JsonObject { ["ConsoleLogin"] = "Success" };
        return record;
    }

    public static JsonObject ServiceEvent()
    {
        return new JsonObject
        {
            ["eventVersion"] = "1.08",
            ["userIdentity"] = new JsonObject { ["accountId"] = "210987654321", ["invokedBy"] = "AWS Internal" },
            ["eventTime"] = "2026-11-20T08:20:00Z",
            ["eventSource"] = "kms.amazonaws.com",
            ["eventName"] = "RotateKey",
            ["awsRegion"] = "eu-central-1",
            ["sourceIPAddress"] = "AWS Internal",
            ["userAgent"] = "AWS Internal",
            ["eventID"] = "5e0d7a0c-1111-4c2b-8e8f-00000000005e",
            ["eventType"] = "AwsServiceEvent",
            ["recipientAccountId"] = "210987654321",
        };
    }

    public static JsonObject InsightEvent()
    {
        return new JsonObject
        {
            ["eventVersion"] = "1.08",
            ["eventTime"] = "2026-11-20T09:00:00Z",
            ["awsRegion"] = "eu-central-1",
            ["eventID"] = "5e0d7a0c-1111-4c2b-8e8f-00000000001a",
            ["eventType"] = "AwsCloudTrailInsight",
            ["recipientAccountId"] = "210987654321",
            ["sharedEventID"] = "5e0d7a0c-1111-4c2b-8e8f-00000000001b",
            ["insightDetails"] = new JsonObject
            {
                ["state"] = "Start",
                ["eventSource"] = "iam.amazonaws.com",
                ["eventName"] = "ListUsers",
                ["insightType"] = "ApiErrorRateInsight",
            },
            ["eventCategory"] = "Insight",
        };
    }

    /// <summary>Wraps records as a CloudTrail log file, <c>{"Records":[…]}</c>.</summary>
    public static byte[] LogFile(params JsonNode[] records)
    {
        var array = new JsonArray();
        foreach (var record in records)
        {
            array.Add(record.DeepClone());
        }

        return Encoding.UTF8.GetBytes(new JsonObject { ["Records"] = array }.ToJsonString());
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
}
