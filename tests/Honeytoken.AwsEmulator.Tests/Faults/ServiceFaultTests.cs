using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.Tests.Infrastructure;

namespace Honeytoken.AwsEmulator.Tests.Faults;

/// <summary>
/// Organizations quotas and failures, called through boto3. Throttling and server errors of
/// IAM, STS, Organizations and S3 are shown in the client tests, where the clients' retries
/// are visible.
/// </summary>
public sealed class ServiceFaultTests : IAsyncLifetime
{
    private AwsEmulatorHost aws = null!;

    public async Task InitializeAsync() => aws = await Emulator.StartAsync();

    public async Task DisposeAsync() => await aws.DisposeAsync();

    [Fact]
    public async Task CreateAccountFailure_EndsInFailedWithReason()
    {
        await aws.Control.SetFaultsAsync(new FaultSettings { CreateAccountFailureReason = "INTERNAL_FAILURE", CreateAccountFailureCount = 1 });

        var result = await RunAsync("""
            request = org.create_account(AccountName="doomed", Email="doomed@example.com")["CreateAccountStatus"]
            status = wait(request["Id"])
            second = wait(org.create_account(AccountName="fine", Email="fine@example.com")["CreateAccountStatus"]["Id"])
            print(status["State"], status.get("FailureReason"), second["State"])
            """);

        Assert.Equal("FAILED INTERNAL_FAILURE SUCCEEDED", result);
    }

    [Fact]
    public async Task AccountLimit_IsConstraintViolation()
    {
        var result = await RunAsync("""
            for i in range(9):
                org.create_account(AccountName=f"member-{i}", Email=f"member-{i}@example.com")
            try:
                org.create_account(AccountName="one-too-many", Email="one-too-many@example.com")
                print("created")
            except ClientError as error:
                print(error.response["Error"]["Code"], error.response.get("Reason"))
            """);

        Assert.Equal("ConstraintViolationException ACCOUNT_NUMBER_LIMIT_EXCEEDED", result);
    }

    [Fact]
    public async Task UserQuota_IsLimitExceeded()
    {
        await aws.Control.ApplySeedAsync(new EmulatorSeed
        {
            Accounts = [new SeedAccount { Id = "222233334444", Name = "small", UserQuota = 2 }],
            Users = [new SeedUser { AccountId = "222233334444", UserName = "admin", Administrator = true, AccessKeys = [new SeedAccessKey { AccessKeyId = "AKIASMALLACCOUNT0001", SecretAccessKey = new string('s', 40) }] }],
        });

        var result = await RunAsync("""
            iam = boto3.session.Session(aws_access_key_id="AKIASMALLACCOUNT0001", aws_secret_access_key="s" * 40, region_name="us-east-1").client("iam", endpoint_url=os.environ["ENDPOINT"])
            iam.create_user(UserName="second")
            try:
                iam.create_user(UserName="third")
                print("created")
            except ClientError as error:
                print(error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"], error.response["Error"]["Message"])
            """);

        Assert.Equal("LimitExceeded 409 Cannot exceed quota for UsersPerAccount: 2", result);
    }

    private async Task<string> RunAsync(string body)
    {
        const string Prelude = """
            import os, time
            import boto3
            from botocore.exceptions import ClientError
            org = boto3.session.Session(region_name="us-east-1").client("organizations", endpoint_url=os.environ["ENDPOINT"])

            def wait(request_id):
                deadline = time.monotonic() + 30
                while True:
                    status = org.describe_create_account_status(CreateAccountRequestId=request_id)["CreateAccountStatus"]
                    if status["State"] != "IN_PROGRESS" or time.monotonic() > deadline:
                        return status
                    time.sleep(0.1)

            """;
        var result = await ExternalClients.Boto3Async(aws.BaseUri, aws.Admin(), Prelude + body);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Trim();
    }
}
