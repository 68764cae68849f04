using Honeytoken.Grains.Aws.Organizations;
using Honeytoken.Grains.Honeytokens;

namespace Honeytoken.Grains.Setup;

/// <summary>The account and key steps of the provisioning state machine.</summary>
public sealed partial class TenantSetupGrain
{
    /// <summary>
    /// Adopts the member accounts that exist already (by name or e-mail), requests the missing
    /// ones and polls the requests in progress. Moves on when every account has an id.
    /// </summary>
    private async Task EnsureAccountsAsync(HoneytokenConfiguration current, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (now < nextAccountPoll)
        {
            return;
        }

        nextAccountPoll = now + options.AccountPollInterval;
        var organizations = aws.Organizations(current);
        var next = CopyOf(Current);

        var existing = await ListAccountsAsync(organizations, cancellationToken);
        foreach (var account in next.Accounts.Where(account => account.AccountId is null))
        {
            var match = existing.FirstOrDefault(candidate =>
                string.Equals(candidate.Email, account.Email, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(candidate.Name, account.Name, StringComparison.Ordinal));
            if (match is not null)
            {
                account.AccountId = match.Id;
                account.CreateRequestId = null;
                SetupLog.AccountReady(logger, InstallationId, match.Id, account.Number, account.Name);
            }
        }

        foreach (var account in next.Accounts.Where(account => account.AccountId is null))
        {
            if (account.CreateRequestId is null)
            {
                account.CreateRequestId = await RequestAccountAsync(organizations, current, account, cancellationToken);
                SetupLog.AccountRequested(logger, InstallationId, account.Number, account.Name, account.CreateRequestId);
                continue;
            }

            var status = (await organizations.DescribeCreateAccountStatusAsync(
                new DescribeCreateAccountStatusRequest { CreateAccountRequestId = account.CreateRequestId }, cancellationToken)).CreateAccountStatus;
            switch (status.State)
            {
                case CreateAccountState.Succeeded:
                    account.AccountId = status.AccountId;
                    account.CreateRequestId = null;
                    SetupLog.AccountReady(logger, InstallationId, status.AccountId!, account.Number, account.Name);
                    break;
                case CreateAccountState.Failed when status.FailureReason is "ACCOUNT_LIMIT_EXCEEDED":
                    throw new TerminalSetupException(QuotaMessage(account));
                case CreateAccountState.Failed:
                    // EMAIL_ALREADY_EXISTS for an account of this organization is adopted above
                    // on the next poll. Other reasons get a few new requests, then stop the machine.
                    var failures = accountFailures.GetValueOrDefault(account.Number) + 1;
                    accountFailures[account.Number] = failures;
                    if (failures >= MaxAccountFailures)
                    {
                        throw new TerminalSetupException(
                            $"Creating member account {account.Number} ({account.Name}, {account.Email}) failed {failures} times, last with {status.FailureReason}. " +
                            "For EMAIL_ALREADY_EXISTS, the address belongs to an account outside this organization: change organization.email_pattern. " +
                            "Then upload the configuration again.");
                    }

                    account.CreateRequestId = null;
                    next.LastError = new SetupError(
                        $"Creating member account {account.Number} ({account.Name}) failed: {status.FailureReason}. Provisioning requests it again.",
                        timeProvider.GetUtcNow());
                    break;
            }
        }

        if (next.Accounts.All(account => account.AccountId is not null))
        {
            next.Phase = SetupPhase.ProvisioningKeys;
            SetupLog.PhaseChanged(logger, InstallationId, SetupPhase.CreatingAccounts, SetupPhase.ProvisioningKeys);
        }

        await SaveAsync(next);
    }

    // Failed creations of one account before provisioning stops; each costs one request per poll.
    private const int MaxAccountFailures = 3;

    private async Task<string> RequestAccountAsync(
        IOrganizationsClient organizations, HoneytokenConfiguration current, MemberAccountState account, CancellationToken cancellationToken)
    {
        try
        {
            var response = await organizations.CreateAccountAsync(new CreateAccountRequest
            {
                AccountName = account.Name,
                Email = account.Email,
                RoleName = current.Organization.MemberRoleName,
            }, cancellationToken);
            return response.CreateAccountStatus.Id;
        }
        catch (OrganizationsException exception) when (exception.IsAccountNumberLimitExceeded)
        {
            throw new TerminalSetupException(QuotaMessage(account));
        }
    }

    private static string QuotaMessage(MemberAccountState account) =>
        $"The organization has reached its maximum number of accounts (ACCOUNT_NUMBER_LIMIT_EXCEEDED), so member account {account.Number} ({account.Name}) " +
        "cannot be created. Ask AWS Support to raise the quota, or lower organization.member_accounts, then upload the configuration again.";

    private static async Task<List<OrganizationAccount>> ListAccountsAsync(IOrganizationsClient organizations, CancellationToken cancellationToken)
    {
        var accounts = new List<OrganizationAccount>();
        string? nextToken = null;

        // Organizations allows 10,000 accounts at most, 20 per page.
        for (var page = 0; page < 500; page++)
        {
            var response = await organizations.ListAccountsAsync(new ListAccountsRequest { NextToken = nextToken }, cancellationToken);
            accounts.AddRange(response.Accounts);
            nextToken = response.NextToken;
            if (nextToken is null)
            {
                break;
            }
        }

        return accounts;
    }

    /// <summary>
    /// Tops the pool up: saves new in-flight tokens for the deficit, requests provisioning
    /// from every in-flight token, and adds the ones that are pooled to the key pool.
    /// </summary>
    private async Task ProvisionKeysAsync(HoneytokenConfiguration current)
    {
        var pool = GrainFactory.GetGrain<IKeyPoolGrain>(InstallationId);
        keysAvailable = await pool.CountAsync();

        var next = CopyOf(Current);
        var deficit = current.Pool.Size - keysAvailable - next.InFlight.Count;
        var accountIds = next.Accounts.Select(account => account.AccountId!).ToList();
        for (var i = 0; i < deficit && next.InFlight.Count < options.MaxConcurrentKeys; i++)
        {
            var accountId = accountIds[next.NextAccountIndex % accountIds.Count];
            next.NextAccountIndex = (next.NextAccountIndex + 1) % accountIds.Count;
            next.InFlight.Add(new InFlightToken { TokenId = Guid.NewGuid(), AccountId = accountId });
        }

        if (next.InFlight.Count == 0)
        {
            SetupLog.PoolFull(logger, InstallationId, keysAvailable, next.KeysProvisioned);
            await MoveToAsync(SetupPhase.Ready);
            await StopAsync();
            return;
        }

        // The intentions are durable before any token is called.
        await SaveAsync(next);

        var asked = next.InFlight.ToList();
        var outcomes = await Task.WhenAll(asked.Select(ProvisionOneAsync));

        next = CopyOf(Current);
        var pooled = new List<Guid>();
        string? terminal = null;
        foreach (var (token, outcome) in asked.Zip(outcomes))
        {
            if (outcome is null)
            {
                continue;
            }

            next.InFlight.RemoveAll(entry => entry.TokenId == token.TokenId);
            if (outcome.Lifecycle == HoneytokenLifecycle.Failed)
            {
                SetupLog.TokenFailed(logger, InstallationId, token.TokenId, outcome.FailureReason);
                next.KeysFailed++;
                next.LastError = new SetupError($"A key could not be created: {outcome.FailureReason}", timeProvider.GetUtcNow());
                terminal ??= outcome.Terminal ? outcome.FailureReason : null;
                continue;
            }

            // Pooled, or further when an earlier step pooled it and the pool handed it out.
            if (outcome.Lifecycle == HoneytokenLifecycle.Pooled)
            {
                pooled.Add(token.TokenId);
            }

            next.KeysProvisioned++;
            recentKeys.Enqueue(timeProvider.GetUtcNow());
        }

        // The pool contains the keys before the state drops them from the in-flight list, so a
        // crash in between requests them again and adds nothing twice.
        if (pooled.Count > 0)
        {
            keysAvailable = await GrainFactory.GetGrain<IKeyPoolStockGrain>(InstallationId).AddAsync(pooled);
        }

        TrimRecentKeys();
        await SaveAsync(next);

        if (terminal is not null)
        {
            throw new TerminalSetupException(
                $"{terminal} Provisioning stopped with {keysAvailable} keys available; raise the quota or add member accounts, then upload the configuration again.");
        }
    }

    /// <summary>Calls one token's provisioning; returns null when it failed with an error a retry may fix.</summary>
    private async Task<ProvisioningOutcome?> ProvisionOneAsync(InFlightToken token)
    {
        try
        {
            return await GrainFactory.GetGrain<IHoneytokenLifecycleGrain>(token.TokenId)
                .ProvisionAsync(new ProvisioningOrder(InstallationId, token.AccountId));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Every failure of one token is retried at the next step; the token's own grain
            // marks it failed after its attempts run out.
            SetupLog.TokenRetry(logger, exception, InstallationId, token.TokenId);
            notBefore = timeProvider.GetUtcNow() + options.RetryDelay / 4;
            return null;
        }
    }

    private void TrimRecentKeys()
    {
        var since = timeProvider.GetUtcNow() - TimeSpan.FromMinutes(1);
        while (recentKeys.Count > 0 && recentKeys.Peek() < since)
        {
            recentKeys.Dequeue();
        }
    }
}
