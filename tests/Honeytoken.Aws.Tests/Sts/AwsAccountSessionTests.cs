using Honeytoken.Aws.Tests.Iam;
using Honeytoken.Aws.Tests.Support;
using Honeytoken.Grains.Aws;
using Honeytoken.Grains.Aws.Iam;
using Microsoft.Extensions.Time.Testing;

namespace Honeytoken.Aws.Tests.Sts;

/// <summary>
/// The session chains role assumptions: bootstrap credentials to the management role (with the
/// external id), then the management role to each member account's role, and signs IAM calls with
/// the member account's credentials.
/// </summary>
public sealed class AwsAccountSessionTests
{
    private const string ManagementRoleArn = "arn:aws:iam::111111111111:role/HoneytokenManagement";
    private const string MemberAccountId = "222222222222";

    private static readonly AwsAccessSettings Settings = new()
    {
        BootstrapAccessKeyId = TestAws.AccessKeyId,
        BootstrapSecretAccessKey = TestAws.SecretAccessKey,
        ManagementRoleArn = ManagementRoleArn,
        ExternalId = "external-id-7f3a",
        MemberRoleName = "OrganizationAccountAccessRole",
    };

    [Fact]
    public async Task IamFor_MemberAccount_ChainsRoles()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using MockAwsServer server = await MockAwsServer.StartAsync((request, _) => Respond(request, clock));
        AwsClientFactory factory = TestFactory.Create(server.Endpoint, clock, new ListLoggerProvider());
        using AwsAccountSession session = factory.OpenSession(Settings);

        IIamClient iam = session.IamFor(MemberAccountId);
        await iam.GetUserAsync(new GetUserRequest { UserName = "j.chen" }, CancellationToken.None);
        await session.IamFor(MemberAccountId).GetUserAsync(new GetUserRequest { UserName = "j.chen" }, CancellationToken.None);

        Assert.Same(iam, session.IamFor(MemberAccountId));
        Assert.Equal(4, server.Requests.Count);

        RecordedRequest management = server.Requests[0];
        Assert.Equal("AssumeRole", management.Form["Action"]);
        Assert.Equal(ManagementRoleArn, management.Form["RoleArn"]);
        Assert.Equal("external-id-7f3a", management.Form["ExternalId"]);
        Assert.Equal("honeytoken-service", management.Form["RoleSessionName"]);
        Assert.Contains($"Credential={TestAws.AccessKeyId}/", management.Header("Authorization"), StringComparison.Ordinal);

        RecordedRequest member = server.Requests[1];
        Assert.Equal("AssumeRole", member.Form["Action"]);
        Assert.Equal("arn:aws:iam::222222222222:role/OrganizationAccountAccessRole", member.Form["RoleArn"]);
        Assert.False(member.Form.ContainsKey("ExternalId"));
        Assert.Contains("Credential=ASIA111111111111/", member.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("token-111111111111", member.Header("X-Amz-Security-Token"));

        foreach (RecordedRequest getUser in server.Requests.Skip(2))
        {
            Assert.Equal("GetUser", getUser.Form["Action"]);
            Assert.Contains("Credential=ASIA222222222222/", getUser.Header("Authorization"), StringComparison.Ordinal);
            Assert.Contains("/us-east-1/iam/aws4_request", getUser.Header("Authorization"), StringComparison.Ordinal);
            Assert.Equal("token-222222222222", getUser.Header("X-Amz-Security-Token"));
        }
    }

    [Fact]
    public async Task IamFor_ManagementAccount_UsesManagementRole()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using MockAwsServer server = await MockAwsServer.StartAsync((request, _) => Respond(request, clock));
        AwsClientFactory factory = TestFactory.Create(server.Endpoint, clock, new ListLoggerProvider());
        using AwsAccountSession session = factory.OpenSession(Settings);

        await session.IamFor("111111111111").GetUserAsync(new GetUserRequest { UserName = "j.chen" }, CancellationToken.None);

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(ManagementRoleArn, server.Requests[0].Form["RoleArn"]);
        Assert.Contains("Credential=ASIA111111111111/", server.Requests[1].Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyManagementAccess_ReturnsAssumedRoleArn()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using MockAwsServer server = await MockAwsServer.StartAsync((request, _) => Respond(request, clock));
        AwsClientFactory factory = TestFactory.Create(server.Endpoint, clock, new ListLoggerProvider());
        using AwsAccountSession session = factory.OpenSession(Settings);

        string arn = await session.VerifyManagementAccessAsync(CancellationToken.None);

        Assert.Equal("arn:aws:sts::111111111111:assumed-role/HoneytokenManagement/honeytoken-service", arn);
        Assert.Equal("GetCallerIdentity", server.Requests[1].Form["Action"]);
        Assert.Contains("Credential=ASIA111111111111/", server.Requests[1].Header("Authorization"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("22222222222")]
    [InlineData("2222222222223")]
    [InlineData("22222222222a")]
    public void IamFor_InvalidAccountId_Throws(string accountId)
    {
        AwsClientFactory factory = TestFactory.Create(new Uri("http://127.0.0.1:9/"), TimeProvider.System, new ListLoggerProvider());
        using AwsAccountSession session = factory.OpenSession(Settings);

        ArgumentException error = Assert.Throws<ArgumentException>(() => session.IamFor(accountId));

        Assert.Contains(accountId, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:iam::1111:role/HoneytokenManagement")]
    [InlineData("not-an-arn")]
    public void OpenSession_InvalidManagementRoleArn_Throws(string roleArn)
    {
        AwsClientFactory factory = TestFactory.Create(new Uri("http://127.0.0.1:9/"), TimeProvider.System, new ListLoggerProvider());

        ArgumentException error = Assert.Throws<ArgumentException>(() => factory.OpenSession(Settings with { ManagementRoleArn = roleArn }));

        Assert.Contains(roleArn, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AccessSettings_ToString_HidesSecrets()
    {
        string text = Settings.ToString();

        Assert.DoesNotContain(TestAws.SecretAccessKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("external-id-7f3a", text, StringComparison.Ordinal);
        Assert.Contains(ManagementRoleArn, text, StringComparison.Ordinal);
    }

    private static MockResponse Respond(RecordedRequest request, TimeProvider clock)
    {
        string action = request.Form["Action"];
        if (action == "AssumeRole")
        {
            string account = request.Form["RoleArn"].Split(':')[4];
            return MockResponse.Xml(StsResponses.AssumeRole(
                request.Form["RoleArn"], request.Form["RoleSessionName"], $"ASIA{account}", $"secret-{account}", $"token-{account}", clock.GetUtcNow().AddHours(1)));
        }

        if (action == "GetCallerIdentity")
        {
            return MockResponse.Xml(StsResponses.GetCallerIdentity("arn:aws:sts::111111111111:assumed-role/HoneytokenManagement/honeytoken-service", "111111111111"));
        }

        return MockResponse.Xml(IamResponses.Wrap("GetUser", IamResponses.User(request.Form["UserName"])));
    }
}
