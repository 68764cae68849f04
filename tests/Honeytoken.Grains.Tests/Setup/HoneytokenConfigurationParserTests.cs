using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honeytoken.Grains.Setup;

namespace Honeytoken.Grains.Tests.Setup;

public sealed class HoneytokenConfigurationParserTests
{
    private const string ValidFile = """
        {
          "version": 1,
          "bootstrap_credentials": { "access_key_id": "AKIAI44QH8DHBEXAMPLE", "secret_access_key": "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY" },
          "management_role": { "arn": "arn:aws:iam::111122223333:role/Honeytokens", "external_id": "ext-7f3a9c" },
          "organization": { "member_accounts": 3, "account_name_pattern": "Sandbox {n}", "email_pattern": "aws+sandbox{n}@corp.example" },
          "pool": { "size": 50 },
          "logs": { "access_point_arn": "arn:aws:s3:eu-west-1:111122223333:accesspoint/trail-reader", "sns_topic_arn": "arn:aws:sns:eu-west-1:111122223333:trail-files" },
          "realtime": { "webhook_key": "8c0d6a4f1b2e3d4c5b6a79880716253443526170" }
        }
        """;

    [Fact]
    public void Parse_ValidFile_ReturnsConfigurationWithDefaults()
    {
        var configuration = Parse(ValidFile, out var errors);

        Assert.Empty(errors);
        Assert.NotNull(configuration);
        Assert.Equal("111122223333", configuration.ManagementRole.AccountId);
        Assert.Equal(3, configuration.Organization.MemberAccounts);
        Assert.Equal("Sandbox 2", configuration.Organization.AccountName(2));
        Assert.Equal("aws+sandbox2@corp.example", configuration.Organization.AccountEmail(2));
        Assert.Equal("OrganizationAccountAccessRole", configuration.Organization.MemberRoleName);
        Assert.Equal("AWSLogs/", configuration.Logs.Prefix);
        Assert.Equal(HoneytokenConfigurationParser.DefaultWebhookHeaderName, configuration.RealTime.WebhookHeaderName);
        Assert.Equal(AwsEndpointSettings.Default, configuration.Endpoints);
    }

    [Fact]
    public void Parse_LocalProfileSample_IsValid()
    {
        var sample = File.ReadAllBytes(Path.Combine(RepositoryRoot(), "deploy", "local", "aws_honeytoken_config.json"));

        var configuration = HoneytokenConfigurationParser.Parse(sample, out var errors);

        Assert.Empty(errors);
        Assert.NotNull(configuration);
        Assert.Equal(new Uri("http://127.0.0.1:4566"), configuration.Endpoints.Iam);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsValid()
    {
        var withMark = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(ValidFile)).ToArray();

        var configuration = HoneytokenConfigurationParser.Parse(withMark, out var errors);

        Assert.Empty(errors);
        Assert.NotNull(configuration);
    }

    [Fact]
    public void Parse_OverLimit_StatesLimitNotLength()
    {
        var tooLarge = new byte[HoneytokenConfigurationParser.MaxFileBytes + 1];

        HoneytokenConfigurationParser.Parse(tooLarge, out var errors);

        var error = Assert.Single(errors);
        Assert.Equal("$", error.Field);
        Assert.Contains($"larger than the maximum of {HoneytokenConfigurationParser.MaxFileBytes} bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"version\": 1,", "$", "not valid JSON at line 1")]
    [InlineData("[1, 2]", "$", "one JSON object")]
    [InlineData("", "$", "not valid JSON")]
    public void Parse_NotAnObject_ReportsFileError(string text, string field, string expected)
    {
        var configuration = Parse(text, out var errors);

        Assert.Null(configuration);
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("management_role.arn", "arn:aws:iam::12345:role/Honeytokens", "IAM role ARN")]
    [InlineData("management_role.arn", "arn:aws:s3:::bucket", "IAM role ARN")]
    [InlineData("management_role.external_id", "x", "external ID")]
    [InlineData("logs.access_point_arn", "arn:aws:s3:::trail-bucket", "access point ARN")]
    [InlineData("logs.sns_topic_arn", "arn:aws:sqs:eu-west-1:111122223333:queue", "SNS topic ARN")]
    [InlineData("organization.email_pattern", "aws@corp.example", "{n}")]
    [InlineData("organization.account_name_pattern", "Sandbox", "{n}")]
    [InlineData("realtime.webhook_key", "short", "openssl rand -hex 32")]
    [InlineData("bootstrap_credentials.access_key_id", "AKIA-WITH-DASHES-0000", "access key id")]
    [InlineData("endpoints.iam", "ftp://iam.example", "http or https")]
    [InlineData("endpoints.iam", "https://user:pass@iam.example", "without credentials")]
    [InlineData("realtime.webhook_header_name", "X-Honeytoken-Webhook-Key\n", "HTTP header name")]
    [InlineData("realtime.webhook_header_name", "Authorization", "use a header of its own")]
    [InlineData("bootstrap_credentials.access_key_id", "AKIAIOSFODNN7EXAMPLE\n", "access key id")]
    [InlineData("management_role.arn", "arn:aws:iam::111122223333:role/Honeytokens\n", "IAM role ARN")]
    public void Parse_InvalidString_NamesFieldAndFix(string field, string value, string expected)
    {
        var configuration = Parse(WithValue(field, JsonValue.Create(value)), out var errors);

        Assert.Null(configuration);
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pool.size", 0)]
    [InlineData("pool.size", 100_001)]
    [InlineData("organization.member_accounts", 0)]
    [InlineData("version", 2)]
    public void Parse_NumberOutOfRange_NamesField(string field, int value)
    {
        var configuration = Parse(WithValue(field, JsonValue.Create(value)), out var errors);

        Assert.Null(configuration);
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Parse_WrongType_NamesFieldAndType()
    {
        var configuration = Parse(WithValue("pool.size", JsonValue.Create("fifty")), out var errors);

        Assert.Null(configuration);
        var error = Assert.Single(errors);
        Assert.Equal("pool.size", error.Field);
        Assert.Contains("not a string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEachOnce()
    {
        var node = JsonNode.Parse(ValidFile)!.AsObject();
        node.Remove("pool");
        node["management_role"]!["arn"] = "not-an-arn";
        node["logs"]!["bucket"] = "typo";

        var configuration = Parse(node.ToJsonString(), out var errors);

        Assert.Null(configuration);
        Assert.Equal(["logs.bucket", "management_role.arn", "pool"], errors.Select(error => error.Field).Order(StringComparer.Ordinal));
        Assert.Contains("not a known field", errors.Single(error => error.Field == "logs.bucket").Message, StringComparison.Ordinal);
        Assert.Contains("is missing", errors.Single(error => error.Field == "pool").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"pool\": { \"size\": 50 }", "\"pool\": { \"size\": 50, \"size\": 5 }", "pool.size")]
    [InlineData("\"version\": 1,", "\"version\": 1, \"version\": 1,", "version")]
    public void Parse_RepeatedField_NamesIt(string original, string repeated, string field)
    {
        var configuration = Parse(ValidFile.Replace(original, repeated, StringComparison.Ordinal), out var errors);

        Assert.Null(configuration);
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidSecret_DoesNotEchoIt()
    {
        const string Secret = "has a space but is otherwise long enough to pass";

        Parse(WithValue("bootstrap_credentials.secret_access_key", JsonValue.Create(Secret)), out var errors);

        var error = Assert.Single(errors);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteMasked_HidesEverySecret()
    {
        var configuration = Parse(ValidFile, out _)!;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            HoneytokenConfigurationWriter.WriteMasked(writer, configuration);
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        var masked = JsonNode.Parse(text)!;

        Assert.DoesNotContain(configuration.BootstrapCredentials.SecretAccessKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(configuration.RealTime.WebhookKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(configuration.ManagementRole.ExternalId, text, StringComparison.Ordinal);
        Assert.Equal(HoneytokenConfigurationWriter.Mask, (string?)masked["bootstrap_credentials"]!["secret_access_key"]);
        Assert.Equal("AKIAI44QH8DHBEXAMPLE", (string?)masked["bootstrap_credentials"]!["access_key_id"]);
        Assert.Equal(50, (int?)masked["pool"]!["size"]);
    }

    private static HoneytokenConfiguration? Parse(string text, out IReadOnlyList<ConfigurationError> errors) =>
        HoneytokenConfigurationParser.Parse(Encoding.UTF8.GetBytes(text), out errors);

    private static string WithValue(string dottedPath, JsonNode value)
    {
        var root = JsonNode.Parse(ValidFile)!.AsObject();
        var parts = dottedPath.Split('.');
        var parent = root;
        foreach (var part in parts[..^1])
        {
            parent = parent[part] as JsonObject ?? (JsonObject)(parent[part] = new JsonObject());
        }

        parent[parts[^1]] = value;
        return root.ToJsonString();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HoneytokenOrleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("HoneytokenOrleans.sln not found above " + AppContext.BaseDirectory);
    }
}
