using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Honeytoken.Grains.Setup;

/// <summary>
/// Reads and validates <c>aws_honeytoken_config.json</c>. It collects every problem in one
/// pass, rather than stopping at the first, so an operator fixes the file in one round trip.
/// </summary>
public static partial class HoneytokenConfigurationParser
{
    /// <summary>The largest file accepted. The example file is about 1.5 KB.</summary>
    public const int MaxFileBytes = 64 * 1024;

    /// <summary>The header that carries the real-time webhook key when the file names no other.</summary>
    public const string DefaultWebhookHeaderName = "X-Honeytoken-Webhook-Key";

    /// <summary>Minimum length of the real-time webhook key, so that it cannot be guessed by trying keys over the internet.</summary>
    public const int MinWebhookKeyLength = 32;

    /// <summary>Maximum pool size. The real ceiling is lower: 5,000 IAM users per member account, one key each.</summary>
    public const int MaxPoolSize = 100_000;

    /// <summary>Maximum number of member accounts. AWS's default quota is 10 accounts per organization, raised on request.</summary>
    public const int MaxMemberAccounts = 1_000;

    /// <summary>Headers that HTTP clients and proxies set or strip, so they cannot carry the webhook key.</summary>
    private static readonly HashSet<string> ReservedHeaderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Host", "Content-Type", "Content-Length",
        "Transfer-Encoding", "Connection", "Upgrade", "Expect", "TE", "Trailer",
    };

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    /// <summary>
    /// Parses the file. Returns the configuration when <paramref name="errors"/> is empty, and
    /// null otherwise.
    /// </summary>
    public static HoneytokenConfiguration? Parse(ReadOnlyMemory<byte> utf8Json, out IReadOnlyList<ConfigurationError> errors)
    {
        var found = new List<ConfigurationError>();
        errors = found;

        // Callers read at most one byte past the limit, so the length shows only that the file is too large.
        if (utf8Json.Length > MaxFileBytes)
        {
            found.Add(new("$", $"The file is larger than the maximum of {MaxFileBytes} bytes. Upload aws_honeytoken_config.json itself."));
            return null;
        }

        // Editors on Windows often save UTF-8 with a byte order mark, which the JSON reader rejects.
        if (utf8Json.Span.StartsWith(Utf8ByteOrderMark))
        {
            utf8Json = utf8Json[Utf8ByteOrderMark.Length..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var position = ex.LineNumber is { } line
                ? $" at line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}"
                : "";
            found.Add(new("$", $"The file is not valid JSON{position}. Check it with a JSON validator and upload it again."));
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                found.Add(new("$", "The file must contain one JSON object. Start from the example in the README."));
                return null;
            }

            var configuration = Read(new SectionReader(document.RootElement, "", found));
            return found.Count == 0 ? configuration : null;
        }
    }

    private static HoneytokenConfiguration? Read(SectionReader root)
    {
        root.RejectUnknown("version", "bootstrap_credentials", "management_role", "organization", "pool", "logs", "realtime", "endpoints");

        var version = root.Integer("version", required: true, min: 1, max: int.MaxValue);
        if (version is not null and not HoneytokenConfiguration.CurrentVersion)
        {
            root.Fail("version", $"Version {version} is not supported. This service reads version {HoneytokenConfiguration.CurrentVersion}; set \"version\": {HoneytokenConfiguration.CurrentVersion}.");
        }

        var credentials = ReadCredentials(root.Section("bootstrap_credentials", required: true));
        var role = ReadManagementRole(root.Section("management_role", required: true));
        var organization = ReadOrganization(root.Section("organization", required: true));
        var pool = ReadPool(root.Section("pool", required: true));
        var logs = ReadLogs(root.Section("logs", required: true));
        var realTime = ReadRealTime(root.Section("realtime", required: true));
        var endpoints = ReadEndpoints(root.Section("endpoints", required: false));

        if (root.HasErrors || version is null || credentials is null || role is null || organization is null ||
            pool is null || logs is null || realTime is null || endpoints is null)
        {
            return null;
        }

        return new HoneytokenConfiguration
        {
            Version = version.Value,
            BootstrapCredentials = credentials,
            ManagementRole = role,
            Organization = organization,
            Pool = pool,
            Logs = logs,
            RealTime = realTime,
            Endpoints = endpoints,
        };
    }

    private static AwsCredentialsSettings? ReadCredentials(SectionReader? section)
    {
        if (section is null)
        {
            return null;
        }

        section.RejectUnknown("access_key_id", "secret_access_key");
        var accessKeyId = section.String("access_key_id", AccessKeyIdPattern(),
            "must be an AWS access key id: 16 to 128 letters and digits, such as AKIAIOSFODNN7EXAMPLE");
        var secret = section.String("secret_access_key", SecretPattern(),
            "must be the secret access key that belongs to the access key id: 16 to 128 characters without spaces");

        return accessKeyId is null || secret is null ? null : new(accessKeyId, secret);
    }

    private static ManagementRoleSettings? ReadManagementRole(SectionReader? section)
    {
        if (section is null)
        {
            return null;
        }

        section.RejectUnknown("arn", "external_id");
        var arn = section.String("arn", RoleArnPattern(),
            "must be an IAM role ARN such as arn:aws:iam::123456789012:role/HoneytokenManager");
        var externalId = section.String("external_id", ExternalIdPattern(),
            "must be the external ID in the role's trust policy: 2 to 1224 characters of letters, digits and +=,.@:/-");

        return arn is null || externalId is null ? null : new(arn, externalId);
    }

    private static OrganizationSettings? ReadOrganization(SectionReader? section)
    {
        if (section is null)
        {
            return null;
        }

        section.RejectUnknown("member_accounts", "account_name_pattern", "email_pattern", "member_role_name");
        var count = section.Integer("member_accounts", required: true, min: 1, max: MaxMemberAccounts);
        var namePattern = section.String("account_name_pattern", AccountNamePattern(),
            "must be 1 to 50 characters and contain {n}, which is replaced by the account number; for example \"Workloads {n}\"");
        var emailPattern = section.String("email_pattern", EmailPattern(),
            "must be an e-mail address containing {n}, which is replaced by the account number; for example \"aws-workloads+{n}@example.com\"");
        var roleName = section.String("member_role_name", RoleNamePattern(),
            "must be an IAM role name of 1 to 64 characters, such as OrganizationAccountAccessRole",
            defaultValue: "OrganizationAccountAccessRole");

        if (namePattern is not null && !namePattern.Contains(OrganizationSettings.NumberPlaceholder, StringComparison.Ordinal))
        {
            section.Fail("account_name_pattern", "must contain {n} so that each member account gets its own name; for example \"Workloads {n}\".");
            return null;
        }

        if (emailPattern is not null && !emailPattern.Contains(OrganizationSettings.NumberPlaceholder, StringComparison.Ordinal))
        {
            section.Fail("email_pattern", "must contain {n} because AWS requires a different e-mail address per account; for example \"aws+{n}@example.com\".");
            return null;
        }

        return count is null || namePattern is null || emailPattern is null || roleName is null
            ? null
            : new(count.Value, namePattern, emailPattern, roleName);
    }

    private static PoolSettings? ReadPool(SectionReader? section)
    {
        if (section is null)
        {
            return null;
        }

        section.RejectUnknown("size");
        var size = section.Integer("size", required: true, min: 1, max: MaxPoolSize);
        return size is null ? null : new(size.Value);
    }

    private static LogChannelSettings? ReadLogs(SectionReader? section)
    {
        if (section is null)
        {
            return null;
        }

        section.RejectUnknown("access_point_arn", "prefix", "sns_topic_arn");
        var accessPoint = section.String("access_point_arn", AccessPointArnPattern(),
            "must be an S3 access point ARN such as arn:aws:s3:us-west-2:123456789012:accesspoint/honeytoken-logs");
        var prefix = section.String("prefix", PrefixPattern(),
            "must be an S3 key prefix of at most 512 characters, such as AWSLogs/ (an empty string reads the whole bucket)",
            defaultValue: "AWSLogs/");
        var topic = section.String("sns_topic_arn", TopicArnPattern(),
            "must be an SNS topic ARN such as arn:aws:sns:us-west-2:123456789012:honeytoken-trail-logs");

        return accessPoint is null || prefix is null || topic is null ? null : new(accessPoint, prefix, topic);
    }

    private static RealTimeChannelSettings? ReadRealTime(SectionReader? section)
    {
        if (section is null)
        {
            return null;
        }

        section.RejectUnknown("webhook_header_name", "webhook_key");
        var header = section.String("webhook_header_name", HeaderNamePattern(),
            "must be an HTTP header name of letters, digits and dashes, such as X-Honeytoken-Webhook-Key",
            defaultValue: DefaultWebhookHeaderName);
        var key = section.String("webhook_key", WebhookKeyPattern(),
            $"must be a random secret of {MinWebhookKeyLength} to 512 printable characters without spaces; generate one with: openssl rand -hex 32");

        if (header is not null && ReservedHeaderNames.Contains(header))
        {
            section.Fail("webhook_header_name", $"must not be {header}, because HTTP clients and proxies set or strip that header; use a header of its own, such as {DefaultWebhookHeaderName}.");
            return null;
        }

        return header is null || key is null ? null : new(header, key);
    }

    private static AwsEndpointSettings? ReadEndpoints(SectionReader? section)
    {
        var defaults = AwsEndpointSettings.Default;
        if (section is null)
        {
            return defaults;
        }

        section.RejectUnknown("sts", "regional_sts", "iam", "s3_access_point", "organizations");
        var sts = section.Endpoint("sts", defaults.Sts);
        var regionalSts = section.Endpoint("regional_sts", defaults.RegionalSts);
        var iam = section.Endpoint("iam", defaults.Iam);
        var s3 = section.Endpoint("s3_access_point", defaults.S3AccessPoint);
        var organizations = section.Endpoint("organizations", defaults.Organizations);

        return sts is null || regionalSts is null || iam is null || s3 is null || organizations is null
            ? null
            : new(sts, regionalSts, iam, s3, organizations);
    }

    [GeneratedRegex(@"^\w{16,128}\z")]
    private static partial Regex AccessKeyIdPattern();

    [GeneratedRegex(@"^\S{16,128}\z")]
    private static partial Regex SecretPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}\z")]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[\w+=,.@:/-]{2,1224}\z")]
    private static partial Regex ExternalIdPattern();

    [GeneratedRegex(@"^[^\x00-\x1f]{1,50}\z")]
    private static partial Regex AccountNamePattern();

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+\z")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[\w+=,.@-]{1,64}\z")]
    private static partial Regex RoleNamePattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:s3:[a-z0-9-]+:\d{12}:accesspoint/[a-z0-9-]{3,50}\z")]
    private static partial Regex AccessPointArnPattern();

    [GeneratedRegex(@"^[^\x00-\x1f]{0,512}\z")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}\z")]
    private static partial Regex TopicArnPattern();

    [GeneratedRegex(@"^[A-Za-z0-9-]{1,100}\z")]
    private static partial Regex HeaderNamePattern();

    [GeneratedRegex(@"^[\x21-\x7e]{32,512}\z")]
    private static partial Regex WebhookKeyPattern();

    /// <summary>
    /// Reads the fields of one JSON object and records an error, with its dotted path, for
    /// each field that is missing, of the wrong type or out of range.
    /// </summary>
    private sealed class SectionReader(JsonElement element, string path, List<ConfigurationError> errors)
    {
        public bool HasErrors => errors.Count > 0;

        public void Fail(string name, string message) => errors.Add(new(PathOf(name), message));

        public void RejectUnknown(params string[] known)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (Array.IndexOf(known, property.Name) < 0)
                {
                    errors.Add(new(PathOf(property.Name),
                        $"is not a known field. Remove it or check its spelling; the fields here are: {string.Join(", ", known)}."));
                }
                else if (!seen.Add(property.Name))
                {
                    // JSON readers disagree on which of two equal names wins, so a repeated field
                    // could mean one value to the operator's tools and another to this service.
                    errors.Add(new(PathOf(property.Name), "appears more than once. Keep one and upload the file again."));
                }
            }
        }

        public SectionReader? Section(string name, bool required)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Fail(name, "is missing. Add this section; see the example in the README.");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                Fail(name, $"must be a JSON object, not {Describe(value)}.");
                return null;
            }

            return new SectionReader(value, PathOf(name), errors);
        }

        public int? Integer(string name, bool required, int min, int max)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Fail(name, $"is missing. Add a whole number between {min} and {max}.");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            {
                Fail(name, $"must be a whole number between {min} and {max}, not {Describe(value)}.");
                return null;
            }

            if (number < min || number > max)
            {
                Fail(name, $"is {number}; it must be between {min} and {max}.");
                return null;
            }

            return number;
        }

        public string? String(string name, Regex pattern, string rule, string? defaultValue = null)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (defaultValue is null)
                {
                    Fail(name, $"is missing. It {rule}.");
                }

                return defaultValue;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Fail(name, $"must be a string, not {Describe(value)}. It {rule}.");
                return null;
            }

            var text = value.GetString()!;
            if (!pattern.IsMatch(text))
            {
                // The value itself is not repeated: several of these fields are secrets.
                Fail(name, $"is invalid. It {rule}.");
                return null;
            }

            return text;
        }

        public Uri? Endpoint(string name, Uri defaultValue)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return defaultValue;
            }

            if (value.ValueKind != JsonValueKind.String ||
                !Uri.TryCreate(value.GetString(), UriKind.Absolute, out var uri) ||
                (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) ||
                !string.IsNullOrEmpty(uri.UserInfo))
            {
                Fail(name, $"must be an absolute http or https URL without credentials, such as {defaultValue}; leave it out to use that default.");
                return null;
            }

            return uri;
        }

        private string PathOf(string name) => path.Length == 0 ? name : $"{path}.{name}";

        private static string Describe(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => string.Create(CultureInfo.InvariantCulture, $"the number {value.GetRawText()}"),
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };
    }
}
