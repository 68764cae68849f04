using System.Globalization;
using System.Text.Json.Nodes;

namespace Honeytoken.AwsEmulator.CloudTrail;

/// <summary>
/// Turns an <see cref="ApiCallEvent"/> into a CloudTrail record with the fields and
/// spellings AWS writes (event version 1.08).
/// </summary>
public static class CloudTrailRecordBuilder
{
    public static JsonObject Build(ApiCallEvent call)
    {
        var record = new JsonObject
        {
            ["eventVersion"] = "1.08",
            ["userIdentity"] = UserIdentity(call),
            ["eventTime"] = Time(call.EventTime),
            ["eventSource"] = call.EventSource,
            ["eventName"] = call.EventName,
            ["awsRegion"] = call.Region,
            ["sourceIPAddress"] = call.SourceIpAddress,
            ["userAgent"] = call.UserAgent,
        };

        // AWS writes the error fields only for failed calls, between userAgent and requestParameters.
        if (call.ErrorCode is not null)
        {
            record["errorCode"] = call.ErrorCode;
            record["errorMessage"] = call.ErrorMessage;
        }

        record["requestParameters"] = call.RequestParameters?.DeepClone();
        record["responseElements"] = call.ErrorCode is null ? call.ResponseElements?.DeepClone() : null;
        record["requestID"] = call.RequestId;
        record["eventID"] = Guid.NewGuid().ToString();
        record["readOnly"] = call.ReadOnly;
        if (call.Resources is not null)
        {
            record["resources"] = call.Resources.DeepClone();
        }

        record["eventType"] = "AwsApiCall";
        record["managementEvent"] = !call.DataEvent;
        record["recipientAccountId"] = call.Caller.AccountId;
        record["eventCategory"] = call.DataEvent ? "Data" : "Management";

        var tls = new JsonObject();
        if (call.TlsVersion is not null)
        {
            tls["tlsVersion"] = call.TlsVersion;
            tls["cipherSuite"] = call.CipherSuite;
        }

        tls["clientProvidedHostHeader"] = call.HostHeader;
        record["tlsDetails"] = tls;
        return record;
    }

    /// <summary>Formats a time as CloudTrail's <c>eventTime</c>, to the second.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject UserIdentity(ApiCallEvent call)
    {
        var caller = call.Caller;
        var identity = new JsonObject
        {
            ["type"] = caller.Type,
            ["principalId"] = caller.PrincipalId,
            ["arn"] = caller.Arn,
            ["accountId"] = caller.AccountId,
            ["accessKeyId"] = caller.Key.AccessKeyId,
        };
        if (caller.UserName is not null)
        {
            identity["userName"] = caller.UserName;
        }

        if (!caller.Key.IsTemporary)
        {
            return identity;
        }

        var context = new JsonObject();
        if (caller.Role is { } role)
        {
            context["sessionIssuer"] = new JsonObject
            {
                ["type"] = "Role",
                ["principalId"] = role.RoleId,
                ["arn"] = role.Arn,
                ["accountId"] = role.AccountId,
                ["userName"] = role.RoleName,
            };
        }

        context["attributes"] = new JsonObject
        {
            ["creationDate"] = Time(caller.Key.CreatedAt),
            ["mfaAuthenticated"] = "false",
        };
        identity["sessionContext"] = context;
        return identity;
    }
}
