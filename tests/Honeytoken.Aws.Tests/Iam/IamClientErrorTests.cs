using System.Net;
using Honeytoken.Aws.Tests.Support;
using Honeytoken.Grains.Aws.Iam;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Aws.Tests.Iam;

/// <summary>IAM error responses surface as typed errors, and only throttling is retried.</summary>
public sealed class IamClientErrorTests
{
    [Theory]
    [InlineData(409, IamErrorCode.EntityAlreadyExists, "User with name maria.lopez already exists.")]
    [InlineData(404, IamErrorCode.NoSuchEntity, "The user with name maria.lopez cannot be found.")]
    [InlineData(409, IamErrorCode.DeleteConflict, "Cannot delete entity, must delete access keys first.")]
    [InlineData(403, IamErrorCode.AccessDenied, "User is not authorized to perform: iam:CreateUser")]
    public async Task ErrorResponse_ThrowsIamExceptionWithCodeAndIsNotRetried(int status, string code, string message)
    {
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(IamResponses.Error(code, message), status));
        using IamClient client = TestAws.Iam(server.Endpoint);

        IamException error = await Assert.ThrowsAsync<IamException>(
            () => client.CreateUserAsync(new CreateUserRequest { UserName = "maria.lopez" }, CancellationToken.None));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(message, error.Message);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal("0e1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", error.RequestId);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ErrorResponse_EntityAlreadyExists_SetsFlag()
    {
        await using MockAwsServer server = await MockAwsServer.StartAsync(
            MockResponse.Xml(IamResponses.Error(IamErrorCode.EntityAlreadyExists, "User with name svc-backup already exists."), 409));
        using IamClient client = TestAws.Iam(server.Endpoint);

        IamException error = await Assert.ThrowsAsync<IamException>(
            () => client.CreateUserAsync(new CreateUserRequest { UserName = "svc-backup" }, CancellationToken.None));

        Assert.True(error.IsEntityAlreadyExists);
        Assert.False(error.IsNoSuchEntity);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Throttling_NTimesThenSuccess_SucceedsAfterNPlusOneRequests(int throttledResponses)
    {
        var logger = new ListLogger();
        string success = IamResponses.Wrap("CreateAccessKey", """
            <AccessKey><UserName>j.chen</UserName><AccessKeyId>AKIAIOSFODNN7EXAMPL2</AccessKeyId><Status>Active</Status>
            <SecretAccessKey>kR9xQ2mV7bN4tZ1wL8cY5hJ3gF6dS0aPEXAMPLE</SecretAccessKey></AccessKey>
            """);
        await using MockAwsServer server = await MockAwsServer.StartAsync((_, index) => index < throttledResponses
            ? MockResponse.Xml(IamResponses.Error(IamErrorCode.Throttling, "Rate exceeded"), 400)
            : MockResponse.Xml(success));
        using IamClient client = TestAws.Iam(server.Endpoint, TestAws.FastRetry(maxAttempts: 5), logger);

        CreateAccessKeyResponse response = await client.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = "j.chen" }, CancellationToken.None);

        Assert.Equal("AKIAIOSFODNN7EXAMPL2", response.AccessKey.AccessKeyId);
        Assert.Equal(throttledResponses + 1, server.Requests.Count);
        Assert.All(server.Requests, request => Assert.Equal("CreateAccessKey", request.Form["Action"]));

        LogEntry[] retries = logger.Entries.Where(entry => entry.EventId.Id == 4101).ToArray();
        Assert.Equal(throttledResponses, retries.Length);
        Assert.All(retries, entry => Assert.Equal(LogLevel.Warning, entry.Level));
        Assert.All(retries, entry => Assert.Contains("Throttling", entry.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, entry => entry.Message.Contains("kR9xQ2", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, entry => entry.Message.Contains(TestAws.SecretAccessKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Throttling_Persistent_FailsAfterMaxAttempts()
    {
        await using MockAwsServer server = await MockAwsServer.StartAsync(
            MockResponse.Xml(IamResponses.Error(IamErrorCode.Throttling, "Rate exceeded"), 400));
        using IamClient client = TestAws.Iam(server.Endpoint, TestAws.FastRetry(maxAttempts: 3));

        IamException error = await Assert.ThrowsAsync<IamException>(
            () => client.GetUserAsync(new GetUserRequest { UserName = "j.chen" }, CancellationToken.None));

        Assert.True(error.IsThrottling);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task LimitExceeded_IsTerminalAndNotRetried()
    {
        var logger = new ListLogger();
        await using MockAwsServer server = await MockAwsServer.StartAsync(
            MockResponse.Xml(IamResponses.Error(IamErrorCode.LimitExceeded, "Cannot exceed quota for UsersPerAccount: 5000"), 409));
        using IamClient client = TestAws.Iam(server.Endpoint, TestAws.FastRetry(maxAttempts: 5), logger);

        IamException error = await Assert.ThrowsAsync<IamException>(
            () => client.CreateUserAsync(new CreateUserRequest { UserName = "maria.lopez" }, CancellationToken.None));

        Assert.True(error.IsLimitExceeded);
        Assert.Single(server.Requests);
        Assert.DoesNotContain(logger.Entries, entry => entry.EventId.Id == 4101);
    }

    [Fact]
    public async Task ServerError_IsRetriedAsTransient()
    {
        await using MockAwsServer server = await MockAwsServer.StartAsync((_, index) => index == 0
            ? MockResponse.Xml(IamResponses.Error("ServiceFailure", "Request processing has failed due to an unknown error.", "Receiver"), 500)
            : MockResponse.Xml(IamResponses.Wrap("DeleteUser", string.Empty)));
        using IamClient client = TestAws.Iam(server.Endpoint);

        await client.DeleteUserAsync(new DeleteUserRequest { UserName = "old.contractor" }, CancellationToken.None);

        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Cancellation_StopsTheCall()
    {
        await using MockAwsServer server = await MockAwsServer.StartAsync(MockResponse.Xml(IamResponses.Wrap("DeleteUser", string.Empty)));
        using IamClient client = TestAws.Iam(server.Endpoint);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.DeleteUserAsync(new DeleteUserRequest { UserName = "old.contractor" }, cancellation.Token));
    }
}
