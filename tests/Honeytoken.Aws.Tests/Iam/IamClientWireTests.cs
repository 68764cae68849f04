using Honeytoken.Aws.Tests.Support;
using Honeytoken.Grains.Aws.Iam;

namespace Honeytoken.Aws.Tests.Iam;

/// <summary>
/// Pins the IAM query protocol: what each operation sends and how it parses IAM's documented
/// response shapes, against a mock server on loopback.
/// </summary>
public sealed class IamClientWireTests
{
    [Fact]
    public async Task CreateUser_PathAndTags_RoundTrip()
    {
        string body = IamResponses.Wrap("CreateUser", IamResponses.User("maria.lopez", "/engineering/", """
            <Tags><member><Key>team</Key><Value>payments</Value></member><member><Key>cost-center</Key><Value>4410</Value></member></Tags>
            """));
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(body));
        using IamClient client = TestAws.Iam(server.Endpoint);

        CreateUserResponse response = await client.CreateUserAsync(
            new CreateUserRequest
            {
                UserName = "maria.lopez",
                Path = "/engineering/",
                Tags = [new IamTag("team", "payments"), new IamTag("cost-center", "4410")],
            },
            CancellationToken.None);

        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("CreateUser", request.Form["Action"]);
        Assert.Equal("2010-05-08", request.Form["Version"]);
        Assert.Equal("maria.lopez", request.Form["UserName"]);
        Assert.Equal("/engineering/", request.Form["Path"]);
        Assert.Equal("team", request.Form["Tags.member.1.Key"]);
        Assert.Equal("payments", request.Form["Tags.member.1.Value"]);
        Assert.Equal("cost-center", request.Form["Tags.member.2.Key"]);
        Assert.Equal("4410", request.Form["Tags.member.2.Value"]);

        string authorization = request.Header("Authorization");
        Assert.StartsWith("AWS4-HMAC-SHA256 ", authorization, StringComparison.Ordinal);
        Assert.Contains($"Credential={TestAws.AccessKeyId}/", authorization, StringComparison.Ordinal);
        Assert.Contains("/us-east-1/iam/aws4_request", authorization, StringComparison.Ordinal);
        Assert.NotEmpty(request.Header("X-Amz-Date"));

        Assert.Equal("maria.lopez", response.User.UserName);
        Assert.Equal("/engineering/", response.User.Path);
        Assert.Equal("AIDACKCEVSQ6C2EXAMPLE", response.User.UserId);
        Assert.Equal("arn:aws:iam::123456789012:user/engineering/maria.lopez", response.User.Arn);
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero), response.User.CreateDate);
        Assert.Equal([new IamTag("team", "payments"), new IamTag("cost-center", "4410")], response.User.Tags);
        Assert.Equal("7a62c49f-347e-4fc4-9331-6e8eEXAMPLE", response.ResponseMetadata.RequestId);
    }

    [Fact]
    public async Task CreateUser_WithoutPathOrTags_OmitsThem()
    {
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(IamResponses.Wrap("CreateUser", IamResponses.User("svc-backup"))));
        using IamClient client = TestAws.Iam(server.Endpoint);

        await client.CreateUserAsync(new CreateUserRequest { UserName = "svc-backup" }, CancellationToken.None);

        IReadOnlyDictionary<string, string> form = Assert.Single(server.Requests).Form;
        Assert.False(form.ContainsKey("Path"));
        Assert.DoesNotContain(form.Keys, key => key.StartsWith("Tags.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetUser_ByName_ParsesUser()
    {
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(IamResponses.Wrap("GetUser", IamResponses.User("j.chen"))));
        using IamClient client = TestAws.Iam(server.Endpoint);

        GetUserResponse response = await client.GetUserAsync(new GetUserRequest { UserName = "j.chen" }, CancellationToken.None);

        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("GetUser", request.Form["Action"]);
        Assert.Equal("j.chen", request.Form["UserName"]);
        Assert.Equal("j.chen", response.User.UserName);
        Assert.Empty(response.User.Tags);
    }

    [Fact]
    public async Task ListUsers_TwoPages_FollowsMarker()
    {
        string firstPage = IamResponses.Wrap("ListUsers", $"""
            <Users><member>{Inner(IamResponses.User("alice"))}</member><member>{Inner(IamResponses.User("bob"))}</member></Users>
            <IsTruncated>true</IsTruncated>
            <Marker>bWFya2VyLTE=</Marker>
            """);
        string lastPage = IamResponses.Wrap("ListUsers", $"""
            <Users><member>{Inner(IamResponses.User("carol"))}</member></Users>
            <IsTruncated>false</IsTruncated>
            """);
        await using MockAwsServer server = await MockAwsServer.StartAsync((request, _) =>
            MockResponse.Xml(request.Form.ContainsKey("Marker") ? lastPage : firstPage));
        using IamClient client = TestAws.Iam(server.Endpoint);

        var names = new List<string>();
        string? marker = null;
        for (int page = 0; page < 10; page++)
        {
            ListUsersResponse response = await client.ListUsersAsync(new ListUsersRequest { Marker = marker, MaxItems = 2 }, CancellationToken.None);
            names.AddRange(response.Users.Select(user => user.UserName));
            if (!response.IsTruncated)
            {
                Assert.Null(response.Marker);
                break;
            }

            marker = response.Marker;
        }

        Assert.Equal(["alice", "bob", "carol"], names);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("2", server.Requests[0].Form["MaxItems"]);
        Assert.False(server.Requests[0].Form.ContainsKey("Marker"));
        Assert.Equal("bWFya2VyLTE=", server.Requests[1].Form["Marker"]);
    }

    [Fact]
    public async Task DeleteUser_SendsUserName()
    {
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(IamResponses.Wrap("DeleteUser", string.Empty)));
        using IamClient client = TestAws.Iam(server.Endpoint);

        DeleteUserResponse response = await client.DeleteUserAsync(new DeleteUserRequest { UserName = "old.contractor" }, CancellationToken.None);

        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("DeleteUser", request.Form["Action"]);
        Assert.Equal("old.contractor", request.Form["UserName"]);
        Assert.Equal("7a62c49f-347e-4fc4-9331-6e8eEXAMPLE", response.ResponseMetadata.RequestId);
    }

    [Fact]
    public async Task TagUser_SendsTags()
    {
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(IamResponses.Wrap("TagUser", string.Empty)));
        using IamClient client = TestAws.Iam(server.Endpoint);

        await client.TagUserAsync(new TagUserRequest { UserName = "j.chen", Tags = [new IamTag("department", "finance")] }, CancellationToken.None);

        IReadOnlyDictionary<string, string> form = Assert.Single(server.Requests).Form;
        Assert.Equal("TagUser", form["Action"]);
        Assert.Equal("j.chen", form["UserName"]);
        Assert.Equal("department", form["Tags.member.1.Key"]);
        Assert.Equal("finance", form["Tags.member.1.Value"]);
    }

    [Fact]
    public async Task CreateAccessKey_ParsesKeyHidesSecret()
    {
        string body = IamResponses.Wrap("CreateAccessKey", """
            <AccessKey>
              <UserName>j.chen</UserName>
              <AccessKeyId>AKIAIOSFODNN7EXAMPL2</AccessKeyId>
              <Status>Active</Status>
              <SecretAccessKey>kR9xQ2mV7bN4tZ1wL8cY5hJ3gF6dS0aPEXAMPLE</SecretAccessKey>
              <CreateDate>2026-03-14T10:01:02Z</CreateDate>
            </AccessKey>
            """);
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(body));
        using IamClient client = TestAws.Iam(server.Endpoint);

        CreateAccessKeyResponse response = await client.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = "j.chen" }, CancellationToken.None);

        Assert.Equal("CreateAccessKey", Assert.Single(server.Requests).Form["Action"]);
        Assert.Equal("j.chen", response.AccessKey.UserName);
        Assert.Equal("AKIAIOSFODNN7EXAMPL2", response.AccessKey.AccessKeyId);
        Assert.Equal("kR9xQ2mV7bN4tZ1wL8cY5hJ3gF6dS0aPEXAMPLE", response.AccessKey.SecretAccessKey);
        Assert.Equal(AccessKeyStatus.Active, response.AccessKey.Status);
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 10, 1, 2, TimeSpan.Zero), response.AccessKey.CreateDate);
        Assert.DoesNotContain("kR9xQ2", response.AccessKey.ToString(), StringComparison.Ordinal);
        Assert.Contains("AKIAIOSFODNN7EXAMPL2", response.AccessKey.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAccessKeys_ParsesMetadata()
    {
        string body = IamResponses.Wrap("ListAccessKeys", """
            <UserName>j.chen</UserName>
            <AccessKeyMetadata>
              <member><UserName>j.chen</UserName><AccessKeyId>AKIAIOSFODNN7EXAMPL2</AccessKeyId><Status>Active</Status><CreateDate>2026-03-14T10:01:02Z</CreateDate></member>
              <member><UserName>j.chen</UserName><AccessKeyId>AKIAI44QH8DHBEXAMPLE</AccessKeyId><Status>Inactive</Status><CreateDate>2026-03-15T11:00:00Z</CreateDate></member>
            </AccessKeyMetadata>
            <IsTruncated>false</IsTruncated>
            """);
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(body));
        using IamClient client = TestAws.Iam(server.Endpoint);

        ListAccessKeysResponse response = await client.ListAccessKeysAsync(new ListAccessKeysRequest { UserName = "j.chen" }, CancellationToken.None);

        IReadOnlyDictionary<string, string> form = Assert.Single(server.Requests).Form;
        Assert.Equal("ListAccessKeys", form["Action"]);
        Assert.Equal("j.chen", form["UserName"]);
        Assert.Equal(2, response.AccessKeys.Count);
        Assert.Equal("AKIAIOSFODNN7EXAMPL2", response.AccessKeys[0].AccessKeyId);
        Assert.Equal(AccessKeyStatus.Active, response.AccessKeys[0].Status);
        Assert.Equal(AccessKeyStatus.Inactive, response.AccessKeys[1].Status);
        Assert.False(response.IsTruncated);
    }

    [Fact]
    public async Task DeleteAccessKey_SendsUserAndKey()
    {
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(IamResponses.Wrap("DeleteAccessKey", string.Empty)));
        using IamClient client = TestAws.Iam(server.Endpoint);

        await client.DeleteAccessKeyAsync(new DeleteAccessKeyRequest { UserName = "j.chen", AccessKeyId = "AKIAIOSFODNN7EXAMPL2" }, CancellationToken.None);

        IReadOnlyDictionary<string, string> form = Assert.Single(server.Requests).Form;
        Assert.Equal("DeleteAccessKey", form["Action"]);
        Assert.Equal("j.chen", form["UserName"]);
        Assert.Equal("AKIAIOSFODNN7EXAMPL2", form["AccessKeyId"]);
    }

    [Fact]
    public async Task UpdateAccessKey_SendsStatus()
    {
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(IamResponses.Wrap("UpdateAccessKey", string.Empty)));
        using IamClient client = TestAws.Iam(server.Endpoint);

        await client.UpdateAccessKeyAsync(
            new UpdateAccessKeyRequest { UserName = "j.chen", AccessKeyId = "AKIAIOSFODNN7EXAMPL2", Status = AccessKeyStatus.Inactive },
            CancellationToken.None);

        IReadOnlyDictionary<string, string> form = Assert.Single(server.Requests).Form;
        Assert.Equal("UpdateAccessKey", form["Action"]);
        Assert.Equal("AKIAIOSFODNN7EXAMPL2", form["AccessKeyId"]);
        Assert.Equal("Inactive", form["Status"]);
    }

    [Fact]
    public async Task GetAccessKeyLastUsed_UsedKey()
    {
        string body = IamResponses.Wrap("GetAccessKeyLastUsed", """
            <UserName>j.chen</UserName>
            <AccessKeyLastUsed>
              <LastUsedDate>2026-03-20T17:43:00Z</LastUsedDate>
              <ServiceName>s3</ServiceName>
              <Region>eu-west-1</Region>
            </AccessKeyLastUsed>
            """);
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(body));
        using IamClient client = TestAws.Iam(server.Endpoint);

        GetAccessKeyLastUsedResponse response = await client.GetAccessKeyLastUsedAsync(
            new GetAccessKeyLastUsedRequest { AccessKeyId = "AKIAIOSFODNN7EXAMPL2" }, CancellationToken.None);

        Assert.Equal("AKIAIOSFODNN7EXAMPL2", Assert.Single(server.Requests).Form["AccessKeyId"]);
        Assert.Equal("j.chen", response.UserName);
        Assert.True(response.AccessKeyLastUsed.WasUsed);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 17, 43, 0, TimeSpan.Zero), response.AccessKeyLastUsed.LastUsedDate);
        Assert.Equal("s3", response.AccessKeyLastUsed.ServiceName);
        Assert.Equal("eu-west-1", response.AccessKeyLastUsed.Region);
    }

    [Fact]
    public async Task GetAccessKeyLastUsed_UnusedKey()
    {
        string body = IamResponses.Wrap("GetAccessKeyLastUsed", """
            <UserName>j.chen</UserName>
            <AccessKeyLastUsed><ServiceName>N/A</ServiceName><Region>N/A</Region></AccessKeyLastUsed>
            """);
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(body));
        using IamClient client = TestAws.Iam(server.Endpoint);

        GetAccessKeyLastUsedResponse response = await client.GetAccessKeyLastUsedAsync(
            new GetAccessKeyLastUsedRequest { AccessKeyId = "AKIAIOSFODNN7EXAMPL2" }, CancellationToken.None);

        Assert.False(response.AccessKeyLastUsed.WasUsed);
        Assert.Null(response.AccessKeyLastUsed.LastUsedDate);
        Assert.Equal("N/A", response.AccessKeyLastUsed.ServiceName);
    }

    [Fact]
    public async Task GetAccountSummary_ParsesSummaryMap()
    {
        string body = IamResponses.Wrap("GetAccountSummary", """
            <SummaryMap>
              <entry><key>Users</key><value>27</value></entry>
              <entry><key>UsersQuota</key><value>5000</value></entry>
              <entry><key>AccessKeysPerUserQuota</key><value>2</value></entry>
            </SummaryMap>
            """);
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(body));
        using IamClient client = TestAws.Iam(server.Endpoint);

        GetAccountSummaryResponse response = await client.GetAccountSummaryAsync(new GetAccountSummaryRequest(), CancellationToken.None);

        Assert.Equal("GetAccountSummary", Assert.Single(server.Requests).Form["Action"]);
        Assert.Equal(27, response.SummaryMap[GetAccountSummaryResponse.UsersKey]);
        Assert.Equal(5000, response.SummaryMap[GetAccountSummaryResponse.UsersQuotaKey]);
        Assert.Equal(2, response.SummaryMap[GetAccountSummaryResponse.AccessKeysPerUserQuotaKey]);
    }

    [Fact]
    public async Task GenerateCredentialReport_ParsesState()
    {
        string body = IamResponses.Wrap("GenerateCredentialReport", """
            <State>STARTED</State>
            <Description>No report exists. Starting a new report generation task</Description>
            """);
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(body));
        using IamClient client = TestAws.Iam(server.Endpoint);

        GenerateCredentialReportResponse response = await client.GenerateCredentialReportAsync(new GenerateCredentialReportRequest(), CancellationToken.None);

        Assert.Equal("GenerateCredentialReport", Assert.Single(server.Requests).Form["Action"]);
        Assert.Equal(CredentialReportState.Started, response.State);
        Assert.StartsWith("No report exists", response.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredentialReport_DecodesBase64Content()
    {
        const string Csv = "user,arn,access_key_1_last_used_date\nj.chen,arn:aws:iam::123456789012:user/j.chen,2026-03-20T17:43:00+00:00\n";
        string body = IamResponses.Wrap("GetCredentialReport", $"""
            <Content>{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Csv))}</Content>
            <ReportFormat>text/csv</ReportFormat>
            <GeneratedTime>2026-03-21T06:00:00Z</GeneratedTime>
            """);
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(body));
        using IamClient client = TestAws.Iam(server.Endpoint);

        GetCredentialReportResponse response = await client.GetCredentialReportAsync(new GetCredentialReportRequest(), CancellationToken.None);

        Assert.Equal("GetCredentialReport", Assert.Single(server.Requests).Form["Action"]);
        Assert.Equal(Csv, System.Text.Encoding.UTF8.GetString(response.Content));
        Assert.Equal("text/csv", response.ReportFormat);
        Assert.Equal(new DateTimeOffset(2026, 3, 21, 6, 0, 0, TimeSpan.Zero), response.GeneratedTime);
    }

    private static string Inner(string userElement) =>
        userElement.Replace("<User>", string.Empty, StringComparison.Ordinal).Replace("</User>", string.Empty, StringComparison.Ordinal);
}
