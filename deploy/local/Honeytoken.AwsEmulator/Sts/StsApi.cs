using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Honeytoken.AwsEmulator.Protocol;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.Sts;

/// <summary>
/// AWS Security Token Service over the query protocol: AssumeRole with the external ID
/// condition, GetCallerIdentity, GetAccessKeyInfo, GetSessionToken and GetFederationToken.
/// </summary>
public sealed class StsApi(EmulatorState state, TimeProvider timeProvider) : QueryApi
{
    public override string SigningName => "sts";

    public override string EventSource => "sts.amazonaws.com";

    protected override XNamespace Namespace => "https://sts.amazonaws.com/doc/2011-06-15/";

    public override bool IsReadOnly(string action) => action is "GetCallerIdentity" or "GetAccessKeyInfo";

    // AWS lets any principal call GetCallerIdentity, and any IAM user call GetSessionToken.
    public override bool AllowsWithoutPolicy(string action) => action is "GetCallerIdentity" or "GetSessionToken";

    public override string ResourceOf(AwsCall call) =>
        call.Action == "AssumeRole" ? call.Optional("RoleArn") ?? "*" : call.Caller.Arn;

    public override Task<AwsResult> InvokeAsync(AwsCall call, CancellationToken cancellationToken) => Task.FromResult(call.Action switch
    {
        "GetCallerIdentity" => GetCallerIdentity(call),
        "GetAccessKeyInfo" => GetAccessKeyInfo(call),
        "GetSessionToken" => GetSessionToken(call),
        "GetFederationToken" => GetFederationToken(call),
        "AssumeRole" => AssumeRole(call),
        _ => throw new AwsServiceException("InvalidAction", $"Could not find operation {call.Action} for version 2011-06-15"),
    });

    private AwsResult GetCallerIdentity(AwsCall call) => Ok(call,
    [
        Element("UserId", call.Caller.PrincipalId),
        Element("Account", call.Caller.AccountId),
        Element("Arn", call.Caller.Arn),
    ]);

    private AwsResult GetAccessKeyInfo(AwsCall call)
    {
        var accessKeyId = call.Required("AccessKeyId");
        string? account;
        lock (state.Gate)
        {
            account = state.AccessKeys.TryGetValue(accessKeyId, out var key) ? key.AccountId : AwsIds.AccountOf(accessKeyId);
        }

        if (account is null)
        {
            throw new AwsServiceException("InvalidParameterValue", $"Invalid access key id: {accessKeyId}");
        }

        return Ok(call, [Element("Account", account)]);
    }

    private AwsResult GetSessionToken(AwsCall call)
    {
        if (call.Caller.Type != "IAMUser" || call.Caller.Key.IsTemporary)
        {
            throw new AwsServiceException("AccessDenied", "Cannot call GetSessionToken with session credentials", 403);
        }

        var duration = Duration(call, defaultSeconds: 43200, minSeconds: 900, maxSeconds: 129600);
        AccessKeyState key;
        lock (state.Gate)
        {
            key = TemporaryCredentials.Issue(state, call.Caller.AccountId, timeProvider.GetUtcNow(), duration, k =>
            {
                k.UserName = call.Caller.UserName;
                k.SourceAccessKeyId = call.Caller.Key.AccessKeyId;
            });
        }

        return Ok(call, [CredentialsElement(key)], CredentialsRecord(key));
    }

    private AwsResult GetFederationToken(AwsCall call)
    {
        var name = call.Required("Name");
        var duration = Duration(call, defaultSeconds: 43200, minSeconds: 900, maxSeconds: 129600);
        AccessKeyState key;
        lock (state.Gate)
        {
            key = TemporaryCredentials.Issue(state, call.Caller.AccountId, timeProvider.GetUtcNow(), duration, k => k.FederatedUserName = name);
        }

        var arn = $"arn:aws:sts::{call.Caller.AccountId}:federated-user/{name}";
        var records = CredentialsRecord(key);
        records["federatedUser"] = new JsonObject { ["federatedUserId"] = $"{call.Caller.AccountId}:{name}", ["arn"] = arn };
        return Ok(call,
        [
            CredentialsElement(key),
            Element("FederatedUser", Element("FederatedUserId", $"{call.Caller.AccountId}:{name}"), Element("Arn", arn)),
        ], records);
    }

    private AwsResult AssumeRole(AwsCall call)
    {
        var roleArn = call.Required("RoleArn");
        var sessionName = call.Required("RoleSessionName");
        var duration = Duration(call, defaultSeconds: 3600, minSeconds: 900, maxSeconds: 43200);
        var denied = new AwsServiceException("AccessDenied", $"User: {call.Caller.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", 403);

        // arn:aws:iam::<account>:role/<name>
        var parts = roleArn.Split(':', 6);
        if (parts.Length != 6 || parts[2] != "iam" || !parts[5].StartsWith("role/", StringComparison.Ordinal))
        {
            throw new AwsServiceException("ValidationError", $"{roleArn} is invalid");
        }

        AccessKeyState key;
        IamRoleState role;
        lock (state.Gate)
        {
            var roleName = parts[5][(parts[5].LastIndexOf('/') + 1)..];
            if (!state.Accounts.TryGetValue(parts[4], out var account) || !account.Roles.TryGetValue(roleName, out var found))
            {
                throw denied;
            }

            role = found;
            var trusted = role.TrustedAccountIds.Contains(call.Caller.AccountId);
            var externalIdMatches = role.ExternalId is null || role.ExternalId == call.Optional("ExternalId");
            if (!trusted || !externalIdMatches)
            {
                throw denied;
            }

            key = TemporaryCredentials.Issue(state, role.AccountId, timeProvider.GetUtcNow(), duration, k =>
            {
                k.RoleName = role.RoleName;
                k.RoleSessionName = sessionName;
            });
        }

        var assumedArn = $"arn:aws:sts::{role.AccountId}:assumed-role/{role.RoleName}/{sessionName}";
        var records = CredentialsRecord(key);
        records["assumedRoleUser"] = new JsonObject { ["assumedRoleId"] = $"{role.RoleId}:{sessionName}", ["arn"] = assumedArn };
        return Ok(call,
        [
            CredentialsElement(key),
            Element("AssumedRoleUser", Element("AssumedRoleId", $"{role.RoleId}:{sessionName}"), Element("Arn", assumedArn)),
        ], records);
    }

    private static TimeSpan Duration(AwsCall call, int defaultSeconds, int minSeconds, int maxSeconds)
    {
        var text = call.Optional("DurationSeconds");
        if (text is null)
        {
            return TimeSpan.FromSeconds(defaultSeconds);
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < minSeconds || seconds > maxSeconds)
        {
            throw new AwsServiceException("ValidationError", $"1 validation error detected: Value '{text}' at 'durationSeconds' failed to satisfy constraint: Member must have value between {minSeconds} and {maxSeconds}");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private XElement CredentialsElement(AccessKeyState key) => Element("Credentials",
        Element("AccessKeyId", key.AccessKeyId),
        Element("SecretAccessKey", key.SecretAccessKey),
        Element("SessionToken", key.SessionToken),
        Element("Expiration", Timestamp(key.Expiration!.Value)));

    // CloudTrail logs the issued key id and expiry but never the secret.
    private static JsonObject CredentialsRecord(AccessKeyState key) => new()
    {
        ["credentials"] = new JsonObject
        {
            ["accessKeyId"] = key.AccessKeyId,
            ["sessionToken"] = key.SessionToken,
            ["expiration"] = key.Expiration!.Value.UtcDateTime.ToString("MMM d, yyyy, h:mm:ss tt", CultureInfo.InvariantCulture),
        },
    };
}
