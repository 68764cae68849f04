using System.Net;
using System.Text.Json;
using Honeytoken.Aws.Tests.Support;
using Honeytoken.Grains.Aws.Organizations;

namespace Honeytoken.Aws.Tests.Organizations;

/// <summary>
/// Pins the Organizations JSON 1.1 protocol against a loopback mock with response bodies shaped like
/// the Organizations API reference examples, and checks the typed errors and retry rules.
/// </summary>
public sealed class OrganizationsClientTests
{
    private const string InProgressStatus = """
        {"CreateAccountStatus":{"Id":"car-exampleaccountcreationrequestid1","AccountName":"Logs Archive","State":"IN_PROGRESS","RequestedTimestamp":1773480413.512}}
        """;

    [Fact]
    public async Task DescribeOrganization_SendsTargetAndParsesOrganization()
    {
        const string Body = """
            {"Organization":{"Id":"o-a1b2c3d4e5","Arn":"arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5","FeatureSet":"ALL",
             "MasterAccountArn":"arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/111111111111","MasterAccountId":"111111111111","MasterAccountEmail":"aws-root@example.com"}}
            """;
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Json(Body));
        using OrganizationsClient client = TestAws.Organizations(server.Endpoint);

        DescribeOrganizationResponse response = await client.DescribeOrganizationAsync(new DescribeOrganizationRequest(), CancellationToken.None);

        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.PathAndQuery);
        Assert.Equal("AWSOrganizationsV20161128.DescribeOrganization", request.Header("X-Amz-Target"));
        Assert.StartsWith("application/x-amz-json-1.1", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("{}", request.Body);
        Assert.Contains("/us-east-1/organizations/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);

        Assert.Equal("o-a1b2c3d4e5", response.Organization.Id);
        Assert.Equal("111111111111", response.Organization.MasterAccountId);
        Assert.Equal("ALL", response.Organization.FeatureSet);
        Assert.Equal("aws-root@example.com", response.Organization.MasterAccountEmail);
        Assert.Equal(MockAwsServer.JsonRequestId, response.ResponseMetadata.RequestId);
    }

    [Fact]
    public async Task CreateAccount_SendsMembersAndParsesStatus()
    {
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Json(InProgressStatus));
        using OrganizationsClient client = TestAws.Organizations(server.Endpoint);

        CreateAccountResponse response = await client.CreateAccountAsync(
            new CreateAccountRequest
            {
                Email = "aws-logs+1@example.com",
                AccountName = "Logs Archive",
                RoleName = "OrganizationAccountAccessRole",
                Tags = [new OrganizationsTag("environment", "production")],
            },
            CancellationToken.None);

        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("AWSOrganizationsV20161128.CreateAccount", request.Header("X-Amz-Target"));
        using (JsonDocument sent = JsonDocument.Parse(request.Body))
        {
            Assert.Equal("aws-logs+1@example.com", sent.RootElement.GetProperty("Email").GetString());
            Assert.Equal("Logs Archive", sent.RootElement.GetProperty("AccountName").GetString());
            Assert.Equal("OrganizationAccountAccessRole", sent.RootElement.GetProperty("RoleName").GetString());
            Assert.False(sent.RootElement.TryGetProperty("IamUserAccessToBilling", out _));
            JsonElement tag = Assert.Single(sent.RootElement.GetProperty("Tags").EnumerateArray());
            Assert.Equal("environment", tag.GetProperty("Key").GetString());
            Assert.Equal("production", tag.GetProperty("Value").GetString());
        }

        CreateAccountStatus status = response.CreateAccountStatus;
        Assert.Equal("car-exampleaccountcreationrequestid1", status.Id);
        Assert.Equal(CreateAccountState.InProgress, status.State);
        Assert.Equal("Logs Archive", status.AccountName);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1773480413512), status.RequestedTimestamp);
        Assert.Null(status.AccountId);
    }

    [Fact]
    public async Task DescribeCreateAccountStatus_Succeeded_ParsesAccountId()
    {
        const string Body = """
            {"CreateAccountStatus":{"Id":"car-exampleaccountcreationrequestid1","AccountName":"Logs Archive","State":"SUCCEEDED",
             "RequestedTimestamp":1773480413.512,"CompletedTimestamp":1773480470,"AccountId":"222222222222"}}
            """;
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Json(Body));
        using OrganizationsClient client = TestAws.Organizations(server.Endpoint);

        DescribeCreateAccountStatusResponse response = await client.DescribeCreateAccountStatusAsync(
            new DescribeCreateAccountStatusRequest { CreateAccountRequestId = "car-exampleaccountcreationrequestid1" },
            CancellationToken.None);

        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("AWSOrganizationsV20161128.DescribeCreateAccountStatus", request.Header("X-Amz-Target"));
        Assert.Equal("""{"CreateAccountRequestId":"car-exampleaccountcreationrequestid1"}""", request.Body);
        Assert.Equal(CreateAccountState.Succeeded, response.CreateAccountStatus.State);
        Assert.Equal("222222222222", response.CreateAccountStatus.AccountId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1773480470), response.CreateAccountStatus.CompletedTimestamp);
    }

    [Fact]
    public async Task DescribeCreateAccountStatus_Failed_ParsesFailureReason()
    {
        const string Body = """
            {"CreateAccountStatus":{"Id":"car-exampleaccountcreationrequestid2","AccountName":"Logs Archive","State":"FAILED","FailureReason":"EMAIL_ALREADY_EXISTS"}}
            """;
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Json(Body));
        using OrganizationsClient client = TestAws.Organizations(server.Endpoint);

        DescribeCreateAccountStatusResponse response = await client.DescribeCreateAccountStatusAsync(
            new DescribeCreateAccountStatusRequest { CreateAccountRequestId = "car-exampleaccountcreationrequestid2" },
            CancellationToken.None);

        Assert.Equal(CreateAccountState.Failed, response.CreateAccountStatus.State);
        Assert.Equal("EMAIL_ALREADY_EXISTS", response.CreateAccountStatus.FailureReason);
    }

    [Fact]
    public async Task ListAccounts_TwoPages_FollowsNextToken()
    {
        const string FirstPage = """
            {"Accounts":[{"Id":"111111111111","Arn":"arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/111111111111","Email":"aws-root@example.com",
              "Name":"Management","Status":"ACTIVE","JoinedMethod":"INVITED","JoinedTimestamp":1700000000}],"NextToken":"AAAABexampletoken"}
            """;
        const string LastPage = """
            {"Accounts":[{"Id":"222222222222","Email":"aws-logs+1@example.com","Name":"Logs Archive","Status":"ACTIVE","JoinedMethod":"CREATED","JoinedTimestamp":1773480470.25}]}
            """;
        await using MockAwsServer server = await MockAwsServer.StartAsync((request, _) =>
            MockResponse.Json(request.Body.Contains("NextToken", StringComparison.Ordinal) ? LastPage : FirstPage));
        using OrganizationsClient client = TestAws.Organizations(server.Endpoint);

        var accounts = new List<OrganizationAccount>();
        string? nextToken = null;
        for (int page = 0; page < 10; page++)
        {
            ListAccountsResponse response = await client.ListAccountsAsync(new ListAccountsRequest { NextToken = nextToken, MaxResults = 1 }, CancellationToken.None);
            accounts.AddRange(response.Accounts);
            nextToken = response.NextToken;
            if (nextToken is null)
            {
                break;
            }
        }

        Assert.Equal(["111111111111", "222222222222"], accounts.Select(account => account.Id));
        Assert.Equal("CREATED", accounts[1].JoinedMethod);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1773480470250), accounts[1].JoinedTimestamp);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("""{"MaxResults":1}""", server.Requests[0].Body);
        Assert.Equal("""{"NextToken":"AAAABexampletoken","MaxResults":1}""", server.Requests[1].Body);
    }

    [Fact]
    public async Task AccountNumberLimitExceeded_IsTerminalWithReason()
    {
        const string Body = """
            {"__type":"ConstraintViolationException","Message":"You have exceeded the allowed number of AWS accounts.","Reason":"ACCOUNT_NUMBER_LIMIT_EXCEEDED"}
            """;
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Json(Body, 400));
        using OrganizationsClient client = TestAws.Organizations(server.Endpoint);

        OrganizationsException error = await Assert.ThrowsAsync<OrganizationsException>(() => client.CreateAccountAsync(
            new CreateAccountRequest { Email = "aws-logs+11@example.com", AccountName = "Logs 11" }, CancellationToken.None));

        Assert.Equal(OrganizationsErrorCode.ConstraintViolation, error.ErrorCode);
        Assert.Equal(ConstraintViolationReason.AccountNumberLimitExceeded, error.Reason);
        Assert.True(error.IsAccountNumberLimitExceeded);
        Assert.False(error.IsThrottling);
        Assert.Equal("You have exceeded the allowed number of AWS accounts.", error.Message);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(MockAwsServer.JsonRequestId, error.RequestId);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("""{"__type":"TooManyRequestsException","Message":"AWS Organizations can't complete your request because another request is already in progress.","Type":"CreateAccount"}""")]
    [InlineData("""{"__type":"ConstraintViolationException","Message":"You have exceeded the number of accounts you can create in one day.","Reason":"ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED"}""")]
    public async Task ThrottlingErrors_TwiceThenSuccess_SucceedsAfterThreeRequests(string throttlingBody)
    {
        var logger = new ListLogger();
        await using MockAwsServer server = await MockAwsServer.StartAsync((_, index) =>
            index < 2 ? MockResponse.Json(throttlingBody, 400) : MockResponse.Json(InProgressStatus));
        using OrganizationsClient client = TestAws.Organizations(server.Endpoint, TestAws.FastRetry(maxAttempts: 4), logger);

        CreateAccountResponse response = await client.CreateAccountAsync(
            new CreateAccountRequest { Email = "aws-logs+1@example.com", AccountName = "Logs Archive" }, CancellationToken.None);

        Assert.Equal(CreateAccountState.InProgress, response.CreateAccountStatus.State);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(2, logger.Entries.Count(entry => entry.EventId.Id == 4101));
    }

    [Fact]
    public async Task AccessDenied_ThrowsTypedErrorWithoutRetry()
    {
        const string Body = """{"__type":"AccessDeniedException","Message":"You don't have permissions to access this resource."}""";
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Json(Body, 400));
        using OrganizationsClient client = TestAws.Organizations(server.Endpoint);

        OrganizationsException error = await Assert.ThrowsAsync<OrganizationsException>(
            () => client.DescribeOrganizationAsync(new DescribeOrganizationRequest(), CancellationToken.None));

        Assert.Equal(OrganizationsErrorCode.AccessDenied, error.ErrorCode);
        Assert.Null(error.Reason);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task NamespacedErrorType_YieldsCode()
    {
        const string Body = """{"__type":"com.amazonaws.organizations.v20161128#AWSOrganizationsNotInUseException","Message":"Your account is not a member of an organization."}""";
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Json(Body, 400));
        using OrganizationsClient client = TestAws.Organizations(server.Endpoint);

        OrganizationsException error = await Assert.ThrowsAsync<OrganizationsException>(
            () => client.DescribeOrganizationAsync(new DescribeOrganizationRequest(), CancellationToken.None));

        Assert.Equal(OrganizationsErrorCode.NotInUse, error.ErrorCode);
    }
}
