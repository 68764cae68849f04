using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.Tests.Infrastructure;

namespace Honeytoken.AwsEmulator.Tests.Clients;

/// <summary>Debian's AWS CLI v2 (<c>/usr/bin/aws</c>) against the emulator.</summary>
public sealed class AwsCliTests : IAsyncLifetime
{
    private AwsEmulatorHost aws = null!;

    public async Task InitializeAsync() => aws = await Emulator.StartAsync();

    public async Task DisposeAsync() => await aws.DisposeAsync();

    [Fact]
    public async Task CreateUserAndKey_KeyWorksForGetCallerIdentity()
    {
        var user = await RunJsonAsync(aws.Admin(), "iam", "create-user", "--user-name", "jenkins-deploy");
        var key = await RunJsonAsync(aws.Admin(), "iam", "create-access-key", "--user-name", "jenkins-deploy");
        var keyId = key["AccessKey"]!["AccessKeyId"]!.GetValue<string>();
        var secret = key["AccessKey"]!["SecretAccessKey"]!.GetValue<string>();

        var identity = await RunJsonAsync(new AccessKeyPair(keyId, secret), "sts", "get-caller-identity");

        Assert.Equal("arn:aws:iam::123456789012:user/jenkins-deploy", user["User"]!["Arn"]!.GetValue<string>());
        Assert.Matches("^AKIA[A-Z2-7]{16}$", keyId);
        Assert.Equal(40, secret.Length);
        Assert.Equal("arn:aws:iam::123456789012:user/jenkins-deploy", identity["Arn"]!.GetValue<string>());
        Assert.Equal("123456789012", identity["Account"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListUsers_SmallPages_ReturnsEveryUser()
    {
        await aws.Control.ApplySeedAsync(new EmulatorSeed
        {
            Users = Enumerable.Range(1, 5).Select(i => new SeedUser { AccountId = aws.AccountId, UserName = $"paged-user-{i}" }).ToList(),
        });

        var result = await RunJsonAsync(aws.Admin(), "iam", "list-users", "--page-size", "2");

        var names = result["Users"]!.AsArray().Select(u => u!["UserName"]!.GetValue<string>()).ToList();
        Assert.Equal(6, names.Count);
        Assert.Equal(names.Distinct().Count(), names.Count);
        var calls = await aws.RecordsOfAsync("ListUsers");
        Assert.Equal(3, calls.Count);
        Assert.Null(calls[0]["requestParameters"]!["marker"]);
        Assert.NotNull(calls[1]["requestParameters"]!["marker"]);
    }

    [Fact]
    public async Task AssumeRole_WithExternalId_ReturnsWorkingSession()
    {
        var session = await RunJsonAsync(aws.Admin(), "sts", "assume-role",
            "--role-arn", aws.ManagementRoleArn, "--role-session-name", "provisioning", "--external-id", aws.ExternalId);
        var credentials = session["Credentials"]!;
        var temporary = new AccessKeyPair(
            credentials["AccessKeyId"]!.GetValue<string>(),
            credentials["SecretAccessKey"]!.GetValue<string>(),
            SessionToken: credentials["SessionToken"]!.GetValue<string>());

        var identity = await RunJsonAsync(temporary, "sts", "get-caller-identity");

        Assert.StartsWith("ASIA", temporary.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/HoneytokenManager/provisioning", identity["Arn"]!.GetValue<string>());
    }

    [Fact]
    public async Task AssumeRole_WrongExternalId_IsAccessDenied()
    {
        var result = await ExternalClients.AwsAsync(aws.BaseUri, aws.Admin(), "sts", "assume-role",
            "--role-arn", aws.ManagementRoleArn, "--role-session-name", "provisioning", "--external-id", "guessed");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("AccessDenied", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAccount_StatusReachesSucceeded_AndMemberRoleCanBeAssumed()
    {
        var created = await RunJsonAsync(aws.Admin(), "organizations", "create-account", "--account-name", "pool-1", "--email", "pool-1@example.com");
        var requestId = created["CreateAccountStatus"]!["Id"]!.GetValue<string>();
        Assert.Equal("IN_PROGRESS", created["CreateAccountStatus"]!["State"]!.GetValue<string>());

        JsonNode status;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        do
        {
            status = (await RunJsonAsync(aws.Admin(), "organizations", "describe-create-account-status", "--create-account-request-id", requestId))["CreateAccountStatus"]!;
        }
        while (status["State"]!.GetValue<string>() == "IN_PROGRESS" && DateTimeOffset.UtcNow < deadline);

        Assert.Equal("SUCCEEDED", status["State"]!.GetValue<string>());
        var accountId = status["AccountId"]!.GetValue<string>();
        var session = await RunJsonAsync(aws.Admin(), "sts", "assume-role",
            "--role-arn", $"arn:aws:iam::{accountId}:role/OrganizationAccountAccessRole", "--role-session-name", "setup");
        Assert.Equal($"arn:aws:sts::{accountId}:assumed-role/OrganizationAccountAccessRole/setup", session["AssumedRoleUser"]!["Arn"]!.GetValue<string>());
        var accounts = await RunJsonAsync(aws.Admin(), "organizations", "list-accounts");
        Assert.Contains(accounts["Accounts"]!.AsArray(), a => a!["Id"]!.GetValue<string>() == accountId);
    }

    [Fact]
    public async Task AccessPointArn_ListAndGetObject_ThroughProxy()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "log line");
        var admin = aws.Admin("us-west-2");
        await RunJsonAsync(admin, "s3api", "put-object", "--bucket", "honeytoken-trail-logs", "--key", "AWSLogs/sample.json", "--body", file);
        var proxy = new Dictionary<string, string> { ["HTTP_PROXY"] = aws.BaseUri.ToString().TrimEnd('/') };
        const string AccessPointArn = "arn:aws:s3:us-west-2:123456789012:accesspoint/honeytoken-logs";

        var listing = await ExternalClients.AwsAsync(aws.BaseUri, admin, proxy, "s3api", "list-objects-v2", "--bucket", AccessPointArn, "--prefix", "AWSLogs/");
        var output = Path.GetTempFileName();
        var get = await ExternalClients.AwsAsync(aws.BaseUri, admin, proxy, "s3api", "get-object", "--bucket", AccessPointArn, "--key", "AWSLogs/sample.json", output);

        Assert.True(listing.ExitCode == 0, listing.ToString());
        Assert.Equal("AWSLogs/sample.json", JsonNode.Parse(listing.StandardOutput)!["Contents"]![0]!["Key"]!.GetValue<string>());
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal("log line", await File.ReadAllTextAsync(output));
        var gets = await aws.RecordsOfAsync("GetObject");
        Assert.Equal("honeytoken-logs-123456789012." + aws.BaseUri.Authority, gets.Single()["tlsDetails"]!["clientProvidedHostHeader"]!.GetValue<string>());
    }

    [Fact]
    public async Task WrongSecret_IsSignatureDoesNotMatch()
    {
        var result = await ExternalClients.AwsAsync(aws.BaseUri, aws.Admin() with { SecretAccessKey = "wrong" + aws.SecretAccessKey[5..] }, "sts", "get-caller-identity");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("SignatureDoesNotMatch", result.StandardError, StringComparison.Ordinal);
        var record = Assert.Single(await aws.RecordsOfAsync("GetCallerIdentity"));
        Assert.Equal("SignatureDoesNotMatch", record["errorCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownKey_IsInvalidClientTokenId()
    {
        var result = await ExternalClients.AwsAsync(aws.BaseUri, new AccessKeyPair("AKIAZZZZZZZZZZZZZZZZ", aws.SecretAccessKey), "iam", "list-users");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("InvalidClientTokenId", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(await aws.Control.GetRecordsAsync());
    }

    [Fact]
    public async Task ThirdAccessKey_IsLimitExceeded()
    {
        await RunJsonAsync(aws.Admin(), "iam", "create-user", "--user-name", "two-keys");
        await RunJsonAsync(aws.Admin(), "iam", "create-access-key", "--user-name", "two-keys");
        await RunJsonAsync(aws.Admin(), "iam", "create-access-key", "--user-name", "two-keys");

        var third = await ExternalClients.AwsAsync(aws.BaseUri, aws.Admin(), "iam", "create-access-key", "--user-name", "two-keys");

        Assert.NotEqual(0, third.ExitCode);
        Assert.Contains("LimitExceeded", third.StandardError, StringComparison.Ordinal);
        Assert.Contains("AccessKeysPerUser: 2", third.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttled_CliRetriesUntilSuccess()
    {
        await aws.Control.SetFaultsAsync(new FaultSettings { Throttling = [new FaultRule { Api = "iam:ListUsers", Count = 2 }] });

        var result = await ExternalClients.AwsAsync(aws.BaseUri, aws.Admin(), "iam", "list-users");

        Assert.True(result.ExitCode == 0, result.ToString());
        var calls = await aws.RecordsOfAsync("ListUsers");
        Assert.Equal(["Throttling", "Throttling", null], calls.Select(c => c["errorCode"]?.GetValue<string>()));
    }

    [Fact]
    public async Task ThrottledEveryTime_CliGivesUpAfterRetries()
    {
        await aws.Control.SetFaultsAsync(new FaultSettings { Throttling = [new FaultRule { Api = "iam:*" }] });

        var result = await ExternalClients.AwsAsync(aws.BaseUri, aws.Admin(), "iam", "list-users");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Throttling", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("max retries", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(3, (await aws.RecordsOfAsync("ListUsers")).Count);
    }

    [Fact]
    public async Task HoneytokenKey_ListUsersDeniedAndRecorded()
    {
        var honeytoken = await aws.AddHoneytokenUserAsync("svc-backup");

        var result = await ExternalClients.AwsAsync(aws.BaseUri, honeytoken, "iam", "list-users");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("AccessDenied", result.StandardError, StringComparison.Ordinal);
        var record = Assert.Single(await aws.RecordsOfAsync("ListUsers"));
        Assert.Equal("AccessDenied", record["errorCode"]!.GetValue<string>());
        Assert.Equal(honeytoken.AccessKeyId, record["userIdentity"]!["accessKeyId"]!.GetValue<string>());
        Assert.StartsWith("aws-cli/2.", record["userAgent"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", record["sourceIPAddress"]!.GetValue<string>());
    }

    [Fact]
    public async Task HoneytokenKey_SessionTokenAllowedFederationTokenDenied()
    {
        var honeytoken = await aws.AddHoneytokenUserAsync("svc-reports");

        var session = await RunJsonAsync(honeytoken, "sts", "get-session-token");
        var federation = await ExternalClients.AwsAsync(aws.BaseUri, honeytoken, "sts", "get-federation-token", "--name", "attacker");

        Assert.StartsWith("ASIA", session["Credentials"]!["AccessKeyId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(0, federation.ExitCode);
        Assert.Contains("AccessDenied", federation.StandardError, StringComparison.Ordinal);
        var record = Assert.Single(await aws.RecordsOfAsync("GetFederationToken"));
        Assert.Equal("AccessDenied", record["errorCode"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("lambda", "list-functions", "AccessDeniedException", "AccessDenied", "lambda.amazonaws.com")]
    [InlineData("ec2", "describe-instances", "UnauthorizedOperation", "Client.UnauthorizedOperation", "ec2.amazonaws.com")]
    [InlineData("dynamodb", "list-tables", "AccessDeniedException", "AccessDenied", "dynamodb.amazonaws.com")]
    public async Task HoneytokenKey_OtherServiceDeniedAndRecorded(string service, string command, string clientCode, string recordedCode, string eventSource)
    {
        var honeytoken = await aws.AddHoneytokenUserAsync("svc-" + service);

        var result = await ExternalClients.AwsAsync(aws.BaseUri, honeytoken, service, command);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(clientCode, result.StandardError, StringComparison.Ordinal);
        var record = Assert.Single(await aws.Control.GetRecordsAsync());
        Assert.Equal(eventSource, record["eventSource"]!.GetValue<string>());
        Assert.Equal(recordedCode, record["errorCode"]!.GetValue<string>());
        Assert.Equal(honeytoken.AccessKeyId, record["userIdentity"]!["accessKeyId"]!.GetValue<string>());
    }

    private async Task<JsonNode> RunJsonAsync(AccessKeyPair credentials, params string[] arguments)
    {
        var result = await ExternalClients.AwsAsync(aws.BaseUri, credentials, arguments);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', arguments)} failed: {result}");
        return result.StandardOutput.Length == 0 ? new JsonObject() : JsonNode.Parse(result.StandardOutput)!;
    }
}
