using Amazon.Runtime;
using Amazon.S3.Model;
using Amazon.SecurityToken.Model;
using Honeytoken.Grains.Aws;
using Honeytoken.Grains.Aws.Iam;
using Honeytoken.Grains.Aws.Organizations;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Setup;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Health;

/// <summary>
/// The "Access to AWS resources" check: the bootstrap credentials assume the management role,
/// the management role assumes a member account's role, a throwaway IAM user and key are created
/// and deleted there, and the log bucket is listed through its access point. A step that cannot
/// run because an earlier one failed is reported as pending with the reason.
/// </summary>
public sealed class AwsAccessCheck(
    HealthAwsClients clients,
    TimeProvider timeProvider,
    ILogger<AwsAccessCheck> logger)
{
    /// <summary>Sub-check names, in the order they run.</summary>
    public const string ManagementRole = "management_role";
    public const string MemberRole = "member_role";
    public const string IamUserAndKey = "iam_user_and_key";
    public const string LogBucket = "log_bucket";

    private const string SessionName = "honeytoken-health-check";

    /// <summary>Runs every step against AWS and returns one result per step.</summary>
    public async Task<IReadOnlyList<SubCheckResult>> RunAsync(HoneytokenConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var factory = clients.For(configuration);
        var results = new List<SubCheckResult>();

        var management = await AssumeManagementRoleAsync(factory, configuration, cancellationToken);
        results.Add(management.Result);
        if (management.Credentials is null)
        {
            results.Add(Skipped(MemberRole, "the management role could not be assumed"));
            results.Add(Skipped(IamUserAndKey, "the management role could not be assumed"));
            results.Add(Skipped(LogBucket, "the management role could not be assumed"));
            return results;
        }

        var member = await AssumeMemberRoleAsync(factory, configuration, management.Credentials, cancellationToken);
        results.Add(member.Result);
        if (member.Credentials is null)
        {
            results.Add(Skipped(IamUserAndKey, "the member account role could not be assumed"));
        }
        else
        {
            results.Add(await CreateAndDeleteUserAsync(factory, member.Credentials, member.AccountId, cancellationToken));
        }

        results.Add(await ListLogBucketAsync(factory, configuration, management.Credentials, cancellationToken));
        return results;
    }

    private async Task<(SubCheckResult Result, AWSCredentials? Credentials)> AssumeManagementRoleAsync(
        AwsClientFactory factory, HoneytokenConfiguration configuration, CancellationToken cancellationToken)
    {
        var role = configuration.ManagementRole;
        var bootstrap = new BasicAWSCredentials(configuration.BootstrapCredentials.AccessKeyId, configuration.BootstrapCredentials.SecretAccessKey);
        try
        {
            using var sts = factory.CreateStsClient(bootstrap);
            var response = await sts.AssumeRoleAsync(new AssumeRoleRequest
            {
                RoleArn = role.Arn,
                ExternalId = role.ExternalId,
                RoleSessionName = SessionName,
                DurationSeconds = 900,
            }, cancellationToken);
            return (Ok(ManagementRole, $"The bootstrap credentials assumed {role.Arn} with the configured external ID."), ToCredentials(response.Credentials));
        }
        catch (AmazonServiceException exception) when (exception.ErrorCode is "AccessDenied" or "AccessDeniedException")
        {
            HealthLog.AwsAccessStepFailed(logger, ManagementRole, exception.ErrorCode, exception);
            return (Failing(ManagementRole,
                $"STS denied AssumeRole of {role.Arn} ({exception.ErrorCode}): the external ID is wrong, or the role's trust policy does not trust the bootstrap credentials.",
                "Check that management_role.external_id matches the sts:ExternalId condition of the role's trust policy, and that the policy trusts the bootstrap credentials' account; then upload the configuration again."), null);
        }
        catch (AmazonServiceException exception) when (exception.ErrorCode is "InvalidClientTokenId" or "SignatureDoesNotMatch")
        {
            HealthLog.AwsAccessStepFailed(logger, ManagementRole, exception.ErrorCode, exception);
            return (Failing(ManagementRole,
                $"STS rejected the bootstrap credentials ({exception.ErrorCode}).",
                "Check that bootstrap_credentials holds an active IAM access key and its secret; then upload the configuration again."), null);
        }
        catch (Exception exception) when (exception is AmazonClientException or HttpRequestException or TaskCanceledException)
        {
            HealthLog.AwsAccessStepFailed(logger, ManagementRole, exception.GetType().Name, exception);
            return (Failing(ManagementRole,
                $"STS at {configuration.Endpoints.Sts} could not be reached or failed: {exception.Message}",
                "Check the STS endpoint of the configuration and the node results below for DNS, TLS or clock problems."), null);
        }
    }

    private async Task<(SubCheckResult Result, AWSCredentials? Credentials, string AccountId)> AssumeMemberRoleAsync(
        AwsClientFactory factory, HoneytokenConfiguration configuration, AWSCredentials management, CancellationToken cancellationToken)
    {
        var managementAccount = configuration.ManagementRole.AccountId;
        string? accountId;
        try
        {
            using var organizations = factory.CreateOrganizationsClient(management);
            var accounts = await organizations.ListAccountsAsync(new ListAccountsRequest { MaxResults = 20 }, cancellationToken);
            accountId = accounts.Accounts.FirstOrDefault(account => account.Id != managementAccount && account.Status == "ACTIVE")?.Id;
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException or TaskCanceledException)
        {
            HealthLog.AwsAccessStepFailed(logger, MemberRole, (exception as AmazonServiceException)?.ErrorCode ?? exception.GetType().Name, exception);
            return (Failing(MemberRole,
                $"Organizations ListAccounts failed: {Describe(exception)}",
                "Allow the management role organizations:ListAccounts, and check the Organizations endpoint of the configuration."), null, managementAccount);
        }

        // Before provisioning creates the first member account, the IAM step runs in the management account.
        if (accountId is null)
        {
            return (new SubCheckResult(MemberRole, HealthStatus.NotApplicable,
                "The organization has no active member account yet, so the IAM check ran in the management account.", null, Now()), management, managementAccount);
        }

        var roleArn = $"arn:aws:iam::{accountId}:role/{configuration.Organization.MemberRoleName}";
        try
        {
            using var sts = factory.CreateStsClient(management);
            var response = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = SessionName, DurationSeconds = 900 }, cancellationToken);
            return (Ok(MemberRole, $"The management role assumed {roleArn}."), ToCredentials(response.Credentials), accountId);
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException or TaskCanceledException)
        {
            HealthLog.AwsAccessStepFailed(logger, MemberRole, (exception as AmazonServiceException)?.ErrorCode ?? exception.GetType().Name, exception);
            return (Failing(MemberRole,
                $"The management role could not assume {roleArn}: {Describe(exception)}",
                $"Check that the member accounts have the role organization.member_role_name ({configuration.Organization.MemberRoleName}) and that it trusts the management account."), null, accountId);
        }
    }

    private async Task<SubCheckResult> CreateAndDeleteUserAsync(AwsClientFactory factory, AWSCredentials credentials, string accountId, CancellationToken cancellationToken)
    {
        // Named like the honeytokens' users beside it, so that listing the account's users
        // does not single out the decoys. On a name clash CreateUser fails and only this run fails.
        var (userName, path) = IamUserNames.Candidate(Guid.NewGuid(), IamUserNames.NumberedAttempt);
        using var iam = factory.CreateIamClient(credentials);
        var step = "CreateUser";
        var userCreated = false;
        string? accessKeyId = null;
        try
        {
            await iam.CreateUserAsync(new CreateUserRequest { UserName = userName, Path = path }, cancellationToken);
            userCreated = true;

            step = "CreateAccessKey";
            var key = await iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = userName }, cancellationToken);
            accessKeyId = key.AccessKey.AccessKeyId;

            step = "DeleteAccessKey";
            await iam.DeleteAccessKeyAsync(new DeleteAccessKeyRequest { UserName = userName, AccessKeyId = accessKeyId }, cancellationToken);
            accessKeyId = null;

            step = "DeleteUser";
            await iam.DeleteUserAsync(new DeleteUserRequest { UserName = userName }, cancellationToken);
            userCreated = false;

            return Ok(IamUserAndKey, $"Created and deleted IAM user {userName} and its access key in account {accountId}.");
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException or TaskCanceledException)
        {
            HealthLog.AwsAccessStepFailed(logger, IamUserAndKey, (exception as AmazonServiceException)?.ErrorCode ?? exception.GetType().Name, exception);
            if (userCreated)
            {
                await CleanUpAsync(iam, userName, accessKeyId, cancellationToken);
            }

            var denied = exception is AmazonServiceException { ErrorCode: IamErrorCode.AccessDenied };
            return Failing(IamUserAndKey,
                denied
                    ? $"IAM denied {step} in account {accountId}: {exception.Message}"
                    : $"IAM {step} failed in account {accountId}: {Describe(exception)}",
                denied
                    ? "Allow the member role iam:CreateUser, iam:DeleteUser, iam:CreateAccessKey, iam:DeleteAccessKey and iam:ListAccessKeys; a service control policy may also deny them."
                    : "Check the IAM endpoint of the configuration and the node results below.");
        }
    }

    // Best effort: a failed clean-up leaves a user that the next run's name never collides with.
    private async Task CleanUpAsync(IIamClient iam, string userName, string? accessKeyId, CancellationToken cancellationToken)
    {
        try
        {
            if (accessKeyId is not null)
            {
                await iam.DeleteAccessKeyAsync(new DeleteAccessKeyRequest { UserName = userName, AccessKeyId = accessKeyId }, cancellationToken);
            }

            await iam.DeleteUserAsync(new DeleteUserRequest { UserName = userName }, cancellationToken);
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException or TaskCanceledException)
        {
            HealthLog.ThrowawayUserLeft(logger, userName, exception);
        }
    }

    private async Task<SubCheckResult> ListLogBucketAsync(AwsClientFactory factory, HoneytokenConfiguration configuration, AWSCredentials management, CancellationToken cancellationToken)
    {
        var logs = configuration.Logs;
        try
        {
            using var s3 = factory.CreateS3Client(management);
            await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = logs.AccessPointArn, Prefix = logs.Prefix, MaxKeys = 1 }, cancellationToken);
            return Ok(LogBucket, $"Listed the log prefix '{logs.Prefix}' through access point {logs.AccessPointArn}.");
        }
        catch (AmazonServiceException exception) when (exception.ErrorCode == "AccessDenied")
        {
            HealthLog.AwsAccessStepFailed(logger, LogBucket, exception.ErrorCode, exception);
            return Failing(LogBucket,
                $"S3 denied access to the log bucket through access point {logs.AccessPointArn} (AccessDenied), so log files cannot be read.",
                "Allow the management role s3:ListBucket and s3:GetObject on the log prefix in the access point policy and the bucket policy.");
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException or TaskCanceledException)
        {
            HealthLog.AwsAccessStepFailed(logger, LogBucket, (exception as AmazonServiceException)?.ErrorCode ?? exception.GetType().Name, exception);
            return Failing(LogBucket,
                $"The log bucket could not be listed through access point {logs.AccessPointArn}: {Describe(exception)}",
                "Check logs.access_point_arn and the S3 access point endpoint of the configuration.");
        }
    }

    private static AWSCredentials ToCredentials(Credentials credentials) =>
        new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);

    private static string Describe(Exception exception) => exception is AmazonServiceException service
        ? $"{service.ErrorCode}: {service.Message}"
        : exception.Message;

    private DateTimeOffset Now() => timeProvider.GetUtcNow();

    private SubCheckResult Ok(string name, string message) => new(name, HealthStatus.Ok, message, null, Now());

    private SubCheckResult Failing(string name, string message, string remediation) => new(name, HealthStatus.Failing, message, remediation, Now());

    private SubCheckResult Skipped(string name, string reason) => new(name, HealthStatus.Pending, $"Not run because {reason}.", null, Now());
}
