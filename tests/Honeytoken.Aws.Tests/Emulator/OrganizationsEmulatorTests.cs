using System.Text.Json;
using Honeytoken.Aws.Tests.Support;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.Grains.Aws.Iam;
using Honeytoken.Grains.Aws.Organizations;

namespace Honeytoken.Aws.Tests.Emulator;

/// <summary>Every Organizations operation of the client against the emulator, and IAM in a new member account.</summary>
public sealed class OrganizationsEmulatorTests
{
    [Fact]
    public async Task DescribeOrganization_ReturnsSeededOrganization()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();

        DescribeOrganizationResponse response = await aws.Session.Organizations.DescribeOrganizationAsync(new DescribeOrganizationRequest(), CancellationToken.None);

        Assert.Equal(EmulatorSeed.LocalOrganizationId, response.Organization.Id);
        Assert.Equal(aws.Host.AccountId, response.Organization.MasterAccountId);
    }

    [Fact]
    public async Task CreateAccount_ThenMemberRoleReachesIam()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();
        IOrganizationsClient organizations = aws.Session.Organizations;

        CreateAccountResponse created = await organizations.CreateAccountAsync(
            new CreateAccountRequest { Email = "aws-honeytoken+1@example.com", AccountName = "honeytoken-member-1", RoleName = EmulatorHarness.MemberRoleName },
            CancellationToken.None);
        Assert.Equal(CreateAccountState.InProgress, created.CreateAccountStatus.State);

        // The emulator completes the creation at the next poll because its duration is zero.
        DescribeCreateAccountStatusResponse status = await organizations.DescribeCreateAccountStatusAsync(
            new DescribeCreateAccountStatusRequest { CreateAccountRequestId = created.CreateAccountStatus.Id },
            CancellationToken.None);
        Assert.Equal(CreateAccountState.Succeeded, status.CreateAccountStatus.State);
        string accountId = Assert.IsType<string>(status.CreateAccountStatus.AccountId);

        var accounts = new List<OrganizationAccount>();
        string? nextToken = null;
        int pages = 0;
        do
        {
            ListAccountsResponse page = await organizations.ListAccountsAsync(new ListAccountsRequest { NextToken = nextToken, MaxResults = 1 }, CancellationToken.None);
            accounts.AddRange(page.Accounts);
            nextToken = page.NextToken;
            pages++;
        }
        while (nextToken is not null && pages < 10);

        Assert.Equal(2, pages);
        Assert.Contains(accounts, account => account.Id == aws.Host.AccountId);
        OrganizationAccount member = Assert.Single(accounts, account => account.Id == accountId);
        Assert.Equal("honeytoken-member-1", member.Name);
        Assert.Equal("aws-honeytoken+1@example.com", member.Email);

        CreateUserResponse user = await aws.Session.IamFor(accountId).CreateUserAsync(new CreateUserRequest { UserName = "j.chen" }, CancellationToken.None);
        Assert.Equal($"arn:aws:iam::{accountId}:user/j.chen", user.User.Arn);
    }

    [Fact]
    public async Task DescribeCreateAccountStatus_UnknownId_Throws()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();

        OrganizationsException error = await Assert.ThrowsAsync<OrganizationsException>(() => aws.Session.Organizations.DescribeCreateAccountStatusAsync(
            new DescribeCreateAccountStatusRequest { CreateAccountRequestId = "car-00000000000000000000000000000000" }, CancellationToken.None));

        Assert.Equal(OrganizationsErrorCode.CreateAccountStatusNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task CreateAccount_ThrottledTwice_SucceedsOnRetry()
    {
        await using EmulatorHarness aws = await EmulatorHarness.StartAsync();
        await aws.ThrottleAsync("organizations:CreateAccount", 2);

        CreateAccountResponse created = await aws.Session.Organizations.CreateAccountAsync(
            new CreateAccountRequest { Email = "aws-honeytoken+2@example.com", AccountName = "honeytoken-member-2" }, CancellationToken.None);

        Assert.Equal(CreateAccountState.InProgress, created.CreateAccountStatus.State);
        Assert.Equal(2, aws.Retries.Count());
        Assert.All(aws.Retries, entry => Assert.Contains(OrganizationsErrorCode.TooManyRequests, entry.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAccount_OverAccountLimit_IsTerminal()
    {
        string seedFile = Path.Combine(Path.GetTempPath(), $"honeytoken-aws-tests-{Guid.NewGuid():N}.json");
        EmulatorSeed seed = EmulatorSeed.CreateLocal();
        seed.Organization!.AccountLimit = 2;
        await File.WriteAllTextAsync(seedFile, JsonSerializer.Serialize(seed, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        try
        {
            await using EmulatorHarness aws = await EmulatorHarness.StartAsync(options => options.SeedFile = seedFile);
            IOrganizationsClient organizations = aws.Session.Organizations;
            await organizations.CreateAccountAsync(new CreateAccountRequest { Email = "aws-honeytoken+1@example.com", AccountName = "member-1" }, CancellationToken.None);

            OrganizationsException error = await Assert.ThrowsAsync<OrganizationsException>(() => organizations.CreateAccountAsync(
                new CreateAccountRequest { Email = "aws-honeytoken+2@example.com", AccountName = "member-2" }, CancellationToken.None));

            Assert.Equal(OrganizationsErrorCode.ConstraintViolation, error.ErrorCode);
            Assert.Equal(ConstraintViolationReason.AccountNumberLimitExceeded, error.Reason);
            Assert.True(error.IsAccountNumberLimitExceeded);
            Assert.Empty(aws.Retries);
        }
        finally
        {
            File.Delete(seedFile);
        }
    }
}
