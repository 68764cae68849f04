using System.Text;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Honeytoken.Aws.Tests.Support;
using Honeytoken.Grains.Aws.Iam;

namespace Honeytoken.Aws.Tests.Emulator;

/// <summary>Every IAM operation of the client against the emulator, signed with the management role.</summary>
public sealed class IamEmulatorTests
{
    [Fact]
    public async Task UserAndKeyLifecycle_Works()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();
        IIamClient iam = aws.Session.IamFor(aws.Host.AccountId);
        CancellationToken cancellationToken = CancellationToken.None;

        CreateUserResponse created = await iam.CreateUserAsync(
            new CreateUserRequest { UserName = "maria.lopez", Path = "/engineering/", Tags = [new IamTag("team", "payments")] },
            cancellationToken);
        Assert.Equal("maria.lopez", created.User.UserName);
        Assert.Equal("/engineering/", created.User.Path);
        Assert.Equal($"arn:aws:iam::{aws.Host.AccountId}:user/engineering/maria.lopez", created.User.Arn);

        await iam.TagUserAsync(new TagUserRequest { UserName = "maria.lopez", Tags = [new IamTag("cost-center", "4410")] }, cancellationToken);
        GetUserResponse fetched = await iam.GetUserAsync(new GetUserRequest { UserName = "maria.lopez" }, cancellationToken);
        Assert.Equal(created.User.UserId, fetched.User.UserId);
        Assert.Contains(new IamTag("team", "payments"), fetched.User.Tags);
        Assert.Contains(new IamTag("cost-center", "4410"), fetched.User.Tags);

        CreateAccessKeyResponse key = await iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = "maria.lopez" }, cancellationToken);
        Assert.StartsWith("AKIA", key.AccessKey.AccessKeyId, StringComparison.Ordinal);
        Assert.NotEmpty(key.AccessKey.SecretAccessKey);
        Assert.Equal(AccessKeyStatus.Active, key.AccessKey.Status);

        await iam.UpdateAccessKeyAsync(
            new UpdateAccessKeyRequest { UserName = "maria.lopez", AccessKeyId = key.AccessKey.AccessKeyId, Status = AccessKeyStatus.Inactive },
            cancellationToken);
        ListAccessKeysResponse keys = await iam.ListAccessKeysAsync(new ListAccessKeysRequest { UserName = "maria.lopez" }, cancellationToken);
        IamAccessKeyMetadata listed = Assert.Single(keys.AccessKeys);
        Assert.Equal(key.AccessKey.AccessKeyId, listed.AccessKeyId);
        Assert.Equal(AccessKeyStatus.Inactive, listed.Status);

        GetAccessKeyLastUsedResponse lastUsed = await iam.GetAccessKeyLastUsedAsync(
            new GetAccessKeyLastUsedRequest { AccessKeyId = key.AccessKey.AccessKeyId }, cancellationToken);
        Assert.Equal("maria.lopez", lastUsed.UserName);
        Assert.False(lastUsed.AccessKeyLastUsed.WasUsed);

        IamException conflict = await Assert.ThrowsAsync<IamException>(
            () => iam.DeleteUserAsync(new DeleteUserRequest { UserName = "maria.lopez" }, cancellationToken));
        Assert.Equal(IamErrorCode.DeleteConflict, conflict.ErrorCode);

        await iam.DeleteAccessKeyAsync(new DeleteAccessKeyRequest { UserName = "maria.lopez", AccessKeyId = key.AccessKey.AccessKeyId }, cancellationToken);
        await iam.DeleteUserAsync(new DeleteUserRequest { UserName = "maria.lopez" }, cancellationToken);

        IamException missing = await Assert.ThrowsAsync<IamException>(
            () => iam.GetUserAsync(new GetUserRequest { UserName = "maria.lopez" }, cancellationToken));
        Assert.True(missing.IsNoSuchEntity);
        Assert.Empty(aws.Retries);
    }

    [Fact]
    public async Task GetAccessKeyLastUsed_AfterUse_ReportsService()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();
        IIamClient iam = aws.Session.IamFor(aws.Host.AccountId);
        await iam.CreateUserAsync(new CreateUserRequest { UserName = "svc-reporting" }, CancellationToken.None);
        IamAccessKey key = (await iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = "svc-reporting" }, CancellationToken.None)).AccessKey;

        // Use the new key the way an intruder who found it would: ask STS who it belongs to.
        using (AmazonSecurityTokenServiceClient sts = aws.Factory.CreateStsClient(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey), regional: true))
        {
            await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), CancellationToken.None);
        }

        GetAccessKeyLastUsedResponse lastUsed = await iam.GetAccessKeyLastUsedAsync(
            new GetAccessKeyLastUsedRequest { AccessKeyId = key.AccessKeyId }, CancellationToken.None);

        Assert.True(lastUsed.AccessKeyLastUsed.WasUsed);
        Assert.Equal("sts", lastUsed.AccessKeyLastUsed.ServiceName);
        Assert.Equal("us-west-2", lastUsed.AccessKeyLastUsed.Region);
    }

    [Fact]
    public async Task CreateUser_Twice_EntityAlreadyExists()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();
        IIamClient iam = aws.Session.IamFor(aws.Host.AccountId);

        await iam.CreateUserAsync(new CreateUserRequest { UserName = "svc-backup" }, CancellationToken.None);
        IamException error = await Assert.ThrowsAsync<IamException>(
            () => iam.CreateUserAsync(new CreateUserRequest { UserName = "svc-backup" }, CancellationToken.None));

        Assert.True(error.IsEntityAlreadyExists);
        Assert.Empty(aws.Retries);
    }

    [Fact]
    public async Task ListUsers_SmallPages_ReturnsEveryUser()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();
        IIamClient iam = aws.Session.IamFor(aws.Host.AccountId);
        string[] created = ["a.kim", "b.osei", "c.novak", "d.silva", "e.tanaka"];
        foreach (string userName in created)
        {
            await iam.CreateUserAsync(new CreateUserRequest { UserName = userName, Path = "/staff/" }, CancellationToken.None);
        }

        var listed = new List<string>();
        string? marker = null;
        int pages = 0;
        do
        {
            ListUsersResponse page = await iam.ListUsersAsync(new ListUsersRequest { PathPrefix = "/staff/", Marker = marker, MaxItems = 2 }, CancellationToken.None);
            Assert.True(page.Users.Count <= 2);
            listed.AddRange(page.Users.Select(user => user.UserName));
            marker = page.IsTruncated ? page.Marker : null;
            pages++;
        }
        while (marker is not null && pages < 10);

        Assert.Equal(created.Order(), listed.Order());
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task GetAccountSummary_ReportsUsersAndQuotas()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();
        IIamClient iam = aws.Session.IamFor(aws.Host.AccountId);
        await iam.CreateUserAsync(new CreateUserRequest { UserName = "j.chen" }, CancellationToken.None);

        GetAccountSummaryResponse summary = await iam.GetAccountSummaryAsync(new GetAccountSummaryRequest(), CancellationToken.None);

        Assert.Equal(2, summary.SummaryMap[GetAccountSummaryResponse.UsersKey]);
        Assert.Equal(5000, summary.SummaryMap[GetAccountSummaryResponse.UsersQuotaKey]);
        Assert.Equal(2, summary.SummaryMap[GetAccountSummaryResponse.AccessKeysPerUserQuotaKey]);
    }

    [Fact]
    public async Task CredentialReport_GenerateThenGet_ListsUsers()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();
        IIamClient iam = aws.Session.IamFor(aws.Host.AccountId);
        await iam.CreateUserAsync(new CreateUserRequest { UserName = "j.chen" }, CancellationToken.None);

        IamException notPresent = await Assert.ThrowsAsync<IamException>(
            () => iam.GetCredentialReportAsync(new GetCredentialReportRequest(), CancellationToken.None));
        GenerateCredentialReportResponse generated = await iam.GenerateCredentialReportAsync(new GenerateCredentialReportRequest(), CancellationToken.None);
        GetCredentialReportResponse report = await iam.GetCredentialReportAsync(new GetCredentialReportRequest(), CancellationToken.None);

        Assert.Equal(IamErrorCode.ReportNotPresent, notPresent.ErrorCode);
        Assert.Equal(CredentialReportState.Complete, generated.State);
        Assert.Equal("text/csv", report.ReportFormat);
        string csv = Encoding.UTF8.GetString(report.Content);
        Assert.StartsWith("user,arn,", csv, StringComparison.Ordinal);
        Assert.Contains("\nj.chen,", csv, StringComparison.Ordinal);
        Assert.NotNull(report.GeneratedTime);
    }

    [Fact]
    public async Task CreateAccessKey_OverQuota_IsTerminal()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();
        IIamClient iam = aws.Session.IamFor(aws.Host.AccountId);
        await iam.CreateUserAsync(new CreateUserRequest { UserName = "j.chen" }, CancellationToken.None);
        await iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = "j.chen" }, CancellationToken.None);
        await iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = "j.chen" }, CancellationToken.None);

        IamException error = await Assert.ThrowsAsync<IamException>(
            () => iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = "j.chen" }, CancellationToken.None));

        Assert.True(error.IsLimitExceeded);
        Assert.Empty(aws.Retries);
        Assert.Single(await aws.Host.RecordsWithErrorAsync("CreateAccessKey", IamErrorCode.LimitExceeded));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task CreateUser_ThrottledNTimes_SucceedsOnRetry(int throttledCalls)
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();
        IIamClient iam = aws.Session.IamFor(aws.Host.AccountId);
        await aws.ThrottleAsync("iam:CreateUser", throttledCalls);

        CreateUserResponse response = await iam.CreateUserAsync(new CreateUserRequest { UserName = "j.chen" }, CancellationToken.None);

        Assert.Equal("j.chen", response.User.UserName);
        Assert.Equal(throttledCalls, aws.Retries.Count());
        Assert.All(aws.Retries, entry => Assert.Contains("Throttling", entry.Message, StringComparison.Ordinal));
    }
}
