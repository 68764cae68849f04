using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Honeytoken.AwsEmulator.Protocol;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.Iam;

/// <summary>
/// AWS Identity and Access Management over the query protocol: users, access keys, tags,
/// last-used data, the account summary and the credential report, with IAM's quotas.
/// </summary>
public sealed partial class IamApi(EmulatorState state, TimeProvider timeProvider) : QueryApi
{
    public override string SigningName => "iam";

    public override string EventSource => "iam.amazonaws.com";

    protected override XNamespace Namespace => "https://iam.amazonaws.com/doc/2010-05-08/";

    // IAM is a global service whose calls are signed for and recorded in us-east-1.
    public override string RecordRegion(string scopeRegion) => "us-east-1";

    public override bool IsReadOnly(string action) =>
        action.StartsWith("Get", StringComparison.Ordinal) || action.StartsWith("List", StringComparison.Ordinal);

    public override string ResourceOf(AwsCall call)
    {
        var userName = call.Optional("UserName") ?? call.Caller.UserName;
        return userName is null ? "*" : $"arn:aws:iam::{call.Caller.AccountId}:user/{userName}";
    }

    public override Task<AwsResult> InvokeAsync(AwsCall call, CancellationToken cancellationToken)
    {
        AwsResult result;
        lock (state.Gate)
        {
            var account = state.Accounts[call.Caller.AccountId];
            result = call.Action switch
            {
                "CreateUser" => CreateUser(call, account),
                "GetUser" => GetUser(call, account),
                "ListUsers" => ListUsers(call, account),
                "DeleteUser" => DeleteUser(call, account),
                "TagUser" => TagUser(call, account),
                "CreateAccessKey" => CreateAccessKey(call, account),
                "ListAccessKeys" => ListAccessKeys(call, account),
                "DeleteAccessKey" => DeleteAccessKey(call, account),
                "UpdateAccessKey" => UpdateAccessKey(call, account),
                "GetAccessKeyLastUsed" => GetAccessKeyLastUsed(call, account),
                "GetAccountSummary" => GetAccountSummary(call, account),
                "GenerateCredentialReport" => GenerateCredentialReport(call, account),
                "GetCredentialReport" => GetCredentialReport(call, account),
                _ => throw new AwsServiceException("InvalidAction", $"Could not find operation {call.Action} for version 2010-05-08"),
            };
        }

        return Task.FromResult(result);
    }

    [GeneratedRegex(@"^[\w+=,.@-]{1,64}$")]
    private static partial Regex UserNamePattern();

    private AwsResult CreateUser(AwsCall call, AccountState account)
    {
        var userName = call.Required("UserName");
        if (!UserNamePattern().IsMatch(userName))
        {
            throw new AwsServiceException("ValidationError", $"1 validation error detected: Value '{userName}' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }

        if (account.Users.ContainsKey(userName))
        {
            throw new AwsServiceException("EntityAlreadyExists", $"User with name {userName} already exists.", 409);
        }

        if (account.Users.Count >= account.UserQuota)
        {
            throw new AwsServiceException("LimitExceeded", $"Cannot exceed quota for UsersPerAccount: {account.UserQuota}", 409);
        }

        var user = new IamUserState
        {
            UserName = userName,
            UserId = AwsIds.UniqueId("AIDA"),
            AccountId = account.Id,
            Path = call.Optional("Path") ?? "/",
            CreatedAt = timeProvider.GetUtcNow(),
            Tags = ReadTags(call),
        };
        account.Users[userName] = user;

        var record = new JsonObject { ["user"] = UserRecord(user) };
        return Ok(call, [UserElement(user)], record);
    }

    private AwsResult GetUser(AwsCall call, AccountState account)
    {
        var user = FindUser(account, call.Optional("UserName") ?? call.Caller.UserName
            ?? throw new AwsServiceException("ValidationError", "Must specify userName when calling with non-User credentials"));
        return Ok(call, [UserElement(user)]);
    }

    private AwsResult ListUsers(AwsCall call, AccountState account)
    {
        var maxItems = MaxItems(call);
        var pathPrefix = call.Optional("PathPrefix") ?? "/";
        var after = DecodeMarker(call.Optional("Marker"));
        var matching = account.Users.Values
            .Where(u => u.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
            .OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase)
            .Where(u => after is null || StringComparer.OrdinalIgnoreCase.Compare(u.UserName, after) > 0)
            .ToList();
        var page = matching.Take(maxItems).ToList();
        var truncated = matching.Count > page.Count;

        return Ok(call,
        [
            Element("Users", page.Select(u => Element("member", UserElement(u).Elements().ToArray()))),
            Element("IsTruncated", truncated ? "true" : "false"),
            truncated ? Element("Marker", EncodeMarker(page[^1].UserName)) : null,
        ]);
    }

    private AwsResult DeleteUser(AwsCall call, AccountState account)
    {
        var user = FindUser(account, call.Required("UserName"));
        if (state.AccessKeys.Values.Any(k => KeyOf(k, user)))
        {
            throw new AwsServiceException("DeleteConflict", "Cannot delete entity, must delete access keys first.", 409);
        }

        account.Users.Remove(user.UserName);
        return OkEmpty(call);
    }

    private AwsResult TagUser(AwsCall call, AccountState account)
    {
        var user = FindUser(account, call.Required("UserName"));
        foreach (var (key, value) in ReadTags(call))
        {
            user.Tags[key] = value;
        }

        if (user.Tags.Count > 50)
        {
            throw new AwsServiceException("LimitExceeded", "The number of tags has reached the maximum limit.", 409);
        }

        return OkEmpty(call);
    }

    private AwsResult CreateAccessKey(AwsCall call, AccountState account)
    {
        var user = FindUser(account, call.Optional("UserName") ?? call.Caller.UserName
            ?? throw new AwsServiceException("ValidationError", "Must specify userName when calling with non-User credentials"));
        if (state.AccessKeys.Values.Count(k => KeyOf(k, user)) >= account.AccessKeysPerUserQuota)
        {
            throw new AwsServiceException("LimitExceeded", $"Cannot exceed quota for AccessKeysPerUser: {account.AccessKeysPerUserQuota}", 409);
        }

        var key = new AccessKeyState
        {
            AccessKeyId = AwsIds.AccessKeyId("AKIA", account.Id),
            SecretAccessKey = AwsIds.SecretAccessKey(),
            AccountId = account.Id,
            UserName = user.UserName,
            CreatedAt = timeProvider.GetUtcNow(),
        };
        state.AccessKeys[key.AccessKeyId] = key;

        var record = new JsonObject
        {
            ["accessKey"] = new JsonObject
            {
                ["accessKeyId"] = key.AccessKeyId,
                ["status"] = key.Status,
                ["userName"] = user.UserName,
                ["createDate"] = RecordTime(key.CreatedAt),
            },
        };
        return Ok(call,
        [
            Element("AccessKey",
                Element("UserName", user.UserName),
                Element("AccessKeyId", key.AccessKeyId),
                Element("Status", key.Status),
                Element("SecretAccessKey", key.SecretAccessKey),
                Element("CreateDate", Timestamp(key.CreatedAt))),
        ], record);
    }

    private AwsResult ListAccessKeys(AwsCall call, AccountState account)
    {
        var user = FindUser(account, call.Optional("UserName") ?? call.Caller.UserName
            ?? throw new AwsServiceException("ValidationError", "Must specify userName when calling with non-User credentials"));
        var keys = state.AccessKeys.Values.Where(k => KeyOf(k, user)).OrderBy(k => k.CreatedAt);
        return Ok(call,
        [
            Element("AccessKeyMetadata", keys.Select(k => Element("member",
                Element("UserName", user.UserName),
                Element("AccessKeyId", k.AccessKeyId),
                Element("Status", k.Status),
                Element("CreateDate", Timestamp(k.CreatedAt))))),
            Element("IsTruncated", "false"),
        ]);
    }

    private AwsResult DeleteAccessKey(AwsCall call, AccountState account)
    {
        var key = FindKey(call, account);
        state.AccessKeys.Remove(key.AccessKeyId);
        return OkEmpty(call);
    }

    private AwsResult UpdateAccessKey(AwsCall call, AccountState account)
    {
        var key = FindKey(call, account);
        var status = call.Required("Status");
        if (status is not ("Active" or "Inactive"))
        {
            throw new AwsServiceException("ValidationError", $"1 validation error detected: Value '{status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
        }

        key.Status = status;
        return OkEmpty(call);
    }

    private AwsResult GetAccessKeyLastUsed(AwsCall call, AccountState account)
    {
        var accessKeyId = call.Required("AccessKeyId");
        if (!state.AccessKeys.TryGetValue(accessKeyId, out var key) || key.AccountId != account.Id || key.IsTemporary)
        {
            throw new AwsServiceException("AccessDenied", $"User: {call.Caller.Arn} is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key {accessKeyId}", 403);
        }

        // IAM reports N/A for the service and region of a key that was never used.
        return Ok(call,
        [
            Element("UserName", key.UserName),
            Element("AccessKeyLastUsed",
                key.LastUsedAt is { } usedAt ? Element("LastUsedDate", Timestamp(usedAt)) : null,
                Element("ServiceName", key.LastUsedService ?? "N/A"),
                Element("Region", key.LastUsedRegion ?? "N/A")),
        ]);
    }

    private AwsResult GetAccountSummary(AwsCall call, AccountState account)
    {
        var entries = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["Users"] = account.Users.Count,
            ["UsersQuota"] = account.UserQuota,
            ["AccessKeysPerUserQuota"] = account.AccessKeysPerUserQuota,
            ["Roles"] = account.Roles.Count,
            ["RolesQuota"] = 1000,
            ["Groups"] = 0,
            ["GroupsQuota"] = 300,
            ["Policies"] = 0,
            ["PoliciesQuota"] = 1500,
            ["AccountAccessKeysPresent"] = 0,
            ["AccountMFAEnabled"] = 0,
            ["MFADevices"] = 0,
        };
        return Ok(call,
        [
            Element("SummaryMap", entries.Select(e => Element("entry", Element("key", e.Key), Element("value", e.Value.ToString(CultureInfo.InvariantCulture))))),
        ]);
    }

    private AwsResult GenerateCredentialReport(AwsCall call, AccountState account)
    {
        var now = timeProvider.GetUtcNow();
        var csv = new StringBuilder("user,arn,user_creation_time,password_enabled,access_key_1_active,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service\n");
        foreach (var user in account.Users.Values.OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{user.UserName},{user.Arn},{Timestamp(user.CreatedAt)},false");
            var keys = state.AccessKeys.Values.Where(k => KeyOf(k, user)).OrderBy(k => k.CreatedAt).ToList();
            for (var i = 0; i < 2; i++)
            {
                var key = i < keys.Count ? keys[i] : null;
                var active = key?.Status == "Active" ? "true" : "false";
                var usedAt = key?.LastUsedAt is { } at ? Timestamp(at) : "N/A";
                csv.Append(CultureInfo.InvariantCulture, $",{active},{usedAt},{key?.LastUsedRegion ?? "N/A"},{key?.LastUsedService ?? "N/A"}");
            }

            csv.Append('\n');
        }

        account.CredentialReport = csv.ToString();
        account.CredentialReportGeneratedAt = now;
        return Ok(call,
        [
            Element("State", "COMPLETE"),
            Element("Description", "No report exists. Starting a new report generation task"),
        ]);
    }

    private AwsResult GetCredentialReport(AwsCall call, AccountState account)
    {
        if (account.CredentialReport is null || account.CredentialReportGeneratedAt is null)
        {
            throw new AwsServiceException("ReportNotPresent", "Credential report not present. Use GenerateCredentialReport to create one.", 410);
        }

        return Ok(call,
        [
            Element("Content", Convert.ToBase64String(Encoding.UTF8.GetBytes(account.CredentialReport))),
            Element("ReportFormat", "text/csv"),
            Element("GeneratedTime", Timestamp(account.CredentialReportGeneratedAt.Value)),
        ]);
    }

    private static IamUserState FindUser(AccountState account, string userName) =>
        account.Users.TryGetValue(userName, out var user)
            ? user
            : throw new AwsServiceException("NoSuchEntity", $"The user with name {userName} cannot be found.", 404);

    private AccessKeyState FindKey(AwsCall call, AccountState account)
    {
        var accessKeyId = call.Required("AccessKeyId");
        var userName = call.Optional("UserName") ?? call.Caller.UserName;
        if (!state.AccessKeys.TryGetValue(accessKeyId, out var key) || key.AccountId != account.Id || key.IsTemporary
            || (userName is not null && !string.Equals(key.UserName, userName, StringComparison.OrdinalIgnoreCase)))
        {
            throw new AwsServiceException("NoSuchEntity", $"The Access Key with id {accessKeyId} cannot be found.", 404);
        }

        return key;
    }

    private static bool KeyOf(AccessKeyState key, IamUserState user) =>
        !key.IsTemporary && key.AccountId == user.AccountId && string.Equals(key.UserName, user.UserName, StringComparison.OrdinalIgnoreCase);

    private static int MaxItems(AwsCall call)
    {
        var text = call.Optional("MaxItems");
        if (text is null)
        {
            return 100;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 1000
            ? value
            : throw new AwsServiceException("ValidationError", $"1 validation error detected: Value '{text}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000");
    }

    // The marker is opaque to clients; it carries the last user name of the previous page.
    private static string EncodeMarker(string userName) => Convert.ToBase64String(Encoding.UTF8.GetBytes(userName));

    private static string? DecodeMarker(string? marker)
    {
        if (marker is null)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(marker));
        }
        catch (FormatException)
        {
            throw new AwsServiceException("ValidationError", "Invalid Marker.");
        }
    }

    private static Dictionary<string, string> ReadTags(AwsCall call)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; call.Optional($"Tags.member.{i}.Key") is { } key; i++)
        {
            tags[key] = call.Optional($"Tags.member.{i}.Value") ?? "";
        }

        return tags;
    }

    private XElement UserElement(IamUserState user) => Element("User",
        Element("Path", user.Path),
        Element("UserName", user.UserName),
        Element("UserId", user.UserId),
        Element("Arn", user.Arn),
        Element("CreateDate", Timestamp(user.CreatedAt)),
        user.Tags.Count == 0 ? null : Element("Tags", user.Tags.Select(t => Element("member", Element("Key", t.Key), Element("Value", t.Value)))));

    private static JsonObject UserRecord(IamUserState user) => new()
    {
        ["path"] = user.Path,
        ["userName"] = user.UserName,
        ["userId"] = user.UserId,
        ["arn"] = user.Arn,
        ["createDate"] = RecordTime(user.CreatedAt),
    };

    // CloudTrail writes dates inside responseElements in this form, for example "Oct 25, 2024, 2:33:12 PM".
    private static string RecordTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("MMM d, yyyy, h:mm:ss tt", CultureInfo.InvariantCulture);
}
