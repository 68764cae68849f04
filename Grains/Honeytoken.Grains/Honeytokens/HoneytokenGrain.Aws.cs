using Amazon.Runtime;
using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Aws.Iam;
using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;
using Honeytoken.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Honeytoken.Grains.Honeytokens;

/// <summary>The honeytoken grain's work in AWS: creating its IAM user and key, and deleting them.</summary>
public sealed partial class HoneytokenGrain
{
    // IAM user names that other tokens hold are skipped; past this many candidates something
    // other than chance is wrong.
    private const int MaxNameCandidates = 50;

    // A user whose IAM creation date is this long before the claim belongs to someone else.
    // The margin covers clock skew between this silo and AWS.
    private static readonly TimeSpan ClaimClockSkew = TimeSpan.FromMinutes(15);

    private HoneytokenMetrics? metrics;

    private HoneytokenMetrics Metrics => metrics ??= ServiceProvider.GetRequiredService<HoneytokenMetrics>();

    public async Task<ProvisioningOutcome> ProvisionAsync(ProvisioningOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);

        if (Current.InstallationId is not null && Current.Lifecycle != HoneytokenLifecycle.Provisioning)
        {
            return OutcomeOf(Current);
        }

        var configuration = await GrainFactory.GetGrain<ITenantSetupGrain>(order.InstallationId).GetConfigurationAsync()
            ?? throw new InvalidOperationException($"Installation {order.InstallationId} has no configuration, so honeytoken {TokenId} cannot be provisioned.");

        if (Current.InstallationId is null)
        {
            var first = new HoneytokenState
            {
                InstallationId = order.InstallationId,
                AccountId = order.AccountId,
                Lifecycle = HoneytokenLifecycle.Provisioning,
            };
            await ClaimUserNameAsync(first, attempt: 0);
        }
        else
        {
            // While the cluster recovers from a dead silo, Orleans can run a second activation of
            // this token, which may be provisioning too. Writing the state first makes the write
            // fail for whichever of the two read it before the other wrote, so that one stops
            // before it deletes a key that the other created and has not recorded yet.
            await state.WriteStateAsync();
        }

        var iam = aws.Iam(configuration, Current.AccountId!);
        try
        {
            await EnsureUserAsync(iam);
            await DeleteKeysAsync(iam, keep: null, unrecorded: true, CancellationToken.None);

            var created = await iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = Current.IamUserName }, CancellationToken.None);

            var next = Current.Copy();
            next.Lifecycle = HoneytokenLifecycle.Pooled;
            next.AccessKeyId = created.AccessKey.AccessKeyId;
            next.SecretAccessKeyProtected = secretProtector.Protect(SecretPurposes.HoneytokenSecretKey, created.AccessKey.SecretAccessKey);
            next.ProvisionedAt = timeProvider.GetUtcNow();
            next.IamUserCreated = true;
            try
            {
                await RegisterRoutesAsync(created.AccessKey.AccessKeyId, Current);
                await CommitAsync(next, Actor.System, "honeytoken.provision", rowFirst: false, CancellationToken.None,
                    ("account_id", next.AccountId), ("iam_user_name", next.IamUserName), ("access_key_id", next.AccessKeyId));
            }
            catch (InconsistentStateException)
            {
                // Another activation wrote the state since this one read it, and it records its
                // own key. This key would stay in IAM with no token to watch it, so it is deleted.
                await DeleteLostKeyAsync(iam, created.AccessKey.AccessKeyId);
                throw;
            }

            HoneytokenLog.Pooled(logger, TokenId, next.AccessKeyId, next.IamUserName!, next.AccountId!);
            Metrics.KeyProvisioned(pooled: true);
            return OutcomeOf(next);
        }
        catch (IamException exception) when (exception.IsLimitExceeded)
        {
            // A quota of the account, such as 5,000 users; retrying cannot succeed.
            var reason = $"IAM quota reached in account {Current.AccountId}: {exception.Message}";
            await FailProvisioningAsync(reason);
            return new ProvisioningOutcome(HoneytokenLifecycle.Failed, reason, Terminal: true);
        }
        catch (IamException exception) when (exception.IsThrottling)
        {
            // Throttling means the account is busy, not that this token is broken, so it does not
            // count towards MaxKeyAttempts: a throttled token waits for the set-up grain's next step.
            HoneytokenLog.ProvisioningThrottled(logger, exception, TokenId);
            throw;
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException or OperationCanceledException)
        {
            var failed = Current.Copy();
            failed.ProvisioningFailures++;
            if (failed.ProvisioningFailures < options.MaxKeyAttempts)
            {
                state.State = failed;
                await state.WriteStateAsync();
                HoneytokenLog.ProvisioningRetry(logger, exception, TokenId, failed.ProvisioningFailures, options.MaxKeyAttempts);
                throw;
            }

            var reason = $"Creating the IAM user and key failed {failed.ProvisioningFailures} times; the last error was: {exception.Message}";
            await FailProvisioningAsync(reason);
            return new ProvisioningOutcome(HoneytokenLifecycle.Failed, reason);
        }
    }

    /// <summary>Claims the first free IAM user name from <paramref name="attempt"/> on, in the query table.</summary>
    private async Task ClaimUserNameAsync(HoneytokenState next, int attempt)
    {
        for (var candidate = attempt; candidate < attempt + MaxNameCandidates; candidate++)
        {
            var (userName, path) = IamUserNames.Candidate(TokenId, candidate);
            next = next.Copy();
            next.NameAttempt = candidate;
            next.IamUserName = userName;
            next.IamUserPath = path;
            next.ClaimedAt = timeProvider.GetUtcNow();
            next.IamUserCreated = false;

            var written = await CommitAsync(next, Actor.System, "honeytoken.claim_iam_user", rowFirst: true, CancellationToken.None,
                ("account_id", next.AccountId), ("iam_user_name", userName));
            if (written.Outcome == RowWriteOutcome.Written)
            {
                HoneytokenLog.ClaimedUserName(logger, TokenId, userName, next.AccountId!, candidate);
                return;
            }
        }

        throw new InvalidOperationException($"Honeytoken {TokenId} found no free IAM user name in account {next.AccountId} after {MaxNameCandidates} candidates.");
    }

    /// <summary>Creates the claimed IAM user, or adopts it when an earlier attempt created it.</summary>
    private async Task EnsureUserAsync(IIamClient iam)
    {
        for (var round = 0; round < MaxNameCandidates && !Current.IamUserCreated; round++)
        {
            var userName = Current.IamUserName!;
            try
            {
                await iam.CreateUserAsync(new CreateUserRequest { UserName = userName, Path = Current.IamUserPath }, CancellationToken.None);
            }
            catch (IamException exception) when (exception.IsEntityAlreadyExists)
            {
                var existing = await iam.GetUserAsync(new GetUserRequest { UserName = userName }, CancellationToken.None);
                if (existing.User.CreateDate < Current.ClaimedAt!.Value - ClaimClockSkew)
                {
                    HoneytokenLog.ForeignUser(logger, TokenId, userName, Current.AccountId!, existing.User.CreateDate);
                    await ClaimUserNameAsync(Current, Current.NameAttempt + 1);
                    continue;
                }

                HoneytokenLog.AdoptedUser(logger, TokenId, userName, Current.AccountId!);
            }

            // Kept in memory only: the key step that follows saves it with the key.
            Current.IamUserCreated = true;
        }
    }

    /// <summary>
    /// Deletes the user's access keys except <paramref name="keep"/>. When provisioning, these
    /// are keys that an attempt created and crashed before recording.
    /// </summary>
    private async Task DeleteKeysAsync(IIamClient iam, string? keep, bool unrecorded, CancellationToken cancellationToken)
    {
        var userName = Current.IamUserName!;
        var listed = await iam.ListAccessKeysAsync(new ListAccessKeysRequest { UserName = userName }, cancellationToken);
        foreach (var key in listed.AccessKeys.Where(key => key.AccessKeyId != keep))
        {
            try
            {
                await iam.DeleteAccessKeyAsync(new DeleteAccessKeyRequest { UserName = userName, AccessKeyId = key.AccessKeyId }, cancellationToken);
            }
            catch (IamException exception) when (exception.IsNoSuchEntity)
            {
                continue;
            }

            if (unrecorded)
            {
                HoneytokenLog.DeletedUnrecordedKey(logger, TokenId, key.AccessKeyId, userName);
            }
        }
    }

    /// <summary>Deletes a key that this activation created and could not record.</summary>
    private async Task DeleteLostKeyAsync(IIamClient iam, string accessKeyId)
    {
        var userName = Current.IamUserName!;
        try
        {
            await iam.DeleteAccessKeyAsync(new DeleteAccessKeyRequest { UserName = userName, AccessKeyId = accessKeyId }, CancellationToken.None);
            HoneytokenLog.DeletedUnrecordedKey(logger, TokenId, accessKeyId, userName);
        }
        catch (IamException exception) when (exception.IsNoSuchEntity)
        {
            // The other activation deleted it already, as a key that no attempt recorded.
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            HoneytokenLog.LostKeyNotDeleted(logger, exception, TokenId, accessKeyId, userName);
        }
    }

    // NOTE: a failed token keeps its IAM user, and any key, in AWS. The row records both, so
    // nothing is orphaned, but nothing deletes them yet either.
    private async Task FailProvisioningAsync(string reason)
    {
        var failed = Current.Copy();
        failed.Lifecycle = HoneytokenLifecycle.Failed;
        failed.FailureReason = reason;
        await CommitAsync(failed, Actor.System, "honeytoken.provision_failed", rowFirst: false, CancellationToken.None, ("reason", reason));
        HoneytokenLog.ProvisioningFailed(logger, TokenId, reason);
        Metrics.KeyProvisioned(pooled: false);
    }

    /// <summary>
    /// Deletes the access key and the IAM user, then records the token as revoked. Errors are
    /// logged and left to the revoke reminder, which calls this again.
    /// </summary>
    private async Task TryFinishRevocationAsync(CancellationToken cancellationToken)
    {
        try
        {
            var configuration = await GrainFactory.GetGrain<ITenantSetupGrain>(Current.InstallationId!).GetConfigurationAsync()
                ?? throw new InvalidOperationException($"Installation {Current.InstallationId} has no configuration, so honeytoken {TokenId} cannot reach AWS.");

            if (Current.IamUserName is not null && Current.AccountId is not null)
            {
                var iam = aws.Iam(configuration, Current.AccountId);
                await DeleteUserAndKeysAsync(iam, cancellationToken);
            }

            var next = Current.Copy();
            next.Lifecycle = HoneytokenLifecycle.Revoked;
            await CommitAsync(next, Actor.System, "honeytoken.revoked", rowFirst: false, cancellationToken,
                ("access_key_id", next.AccessKeyId), ("iam_user_name", next.IamUserName));
            HoneytokenLog.Revoked(logger, TokenId, next.AccessKeyId, next.IamUserName, next.AccountId);

            await UnregisterRevokeReminderAsync();
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException
            or OperationCanceledException or InvalidOperationException or TimeoutException or Npgsql.NpgsqlException
            or DatabaseUnavailableException)
        {
            HoneytokenLog.RevocationRetry(logger, exception, TokenId);
        }
    }

    private async Task DeleteUserAndKeysAsync(IIamClient iam, CancellationToken cancellationToken)
    {
        try
        {
            // Every key goes, not only the recorded one, because IAM refuses to delete a user
            // that still has keys.
            await DeleteKeysAsync(iam, keep: null, unrecorded: false, cancellationToken);
            await iam.DeleteUserAsync(new DeleteUserRequest { UserName = Current.IamUserName! }, cancellationToken);
        }
        catch (IamException exception) when (exception.IsNoSuchEntity)
        {
            // An earlier attempt deleted the user already.
        }
    }

    private async Task UnregisterRevokeReminderAsync()
    {
        var reminder = await this.GetReminder(RevokeReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static ProvisioningOutcome OutcomeOf(HoneytokenState source) =>
        new(source.Lifecycle, source.FailureReason);
}
