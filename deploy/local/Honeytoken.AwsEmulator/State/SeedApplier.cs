using Honeytoken.AwsEmulator.Hosting;

namespace Honeytoken.AwsEmulator.State;

/// <summary>Adds the entities of a seed that the state does not contain yet.</summary>
public static class SeedApplier
{
    /// <summary>Applies the seed; throws <see cref="InvalidOperationException"/> naming the first inconsistent entry.</summary>
    public static void Apply(EmulatorState state, EmulatorSeed seed, DateTimeOffset now)
    {
        lock (state.Gate)
        {
            foreach (var account in seed.Accounts)
            {
                if (account.Id.Length != 12 || !account.Id.All(char.IsAsciiDigit))
                {
                    throw new InvalidOperationException($"Seed account id '{account.Id}' is invalid; use 12 digits.");
                }

                if (!state.Accounts.ContainsKey(account.Id))
                {
                    state.Accounts[account.Id] = new AccountState
                    {
                        Id = account.Id,
                        Name = account.Name,
                        Email = account.Email,
                        JoinedAt = now,
                        UserQuota = account.UserQuota,
                        AccessKeysPerUserQuota = account.AccessKeysPerUserQuota,
                    };
                }
            }

            if (seed.Organization is { } organization && state.Organization is null)
            {
                var management = Account(state, organization.ManagementAccountId, "organization");
                state.Organization = new OrganizationState
                {
                    Id = organization.Id,
                    ManagementAccountId = management.Id,
                    ManagementAccountEmail = management.Email,
                    AccountLimit = organization.AccountLimit,
                    AccountIds = [management.Id],
                };
            }

            foreach (var user in seed.Users)
            {
                var account = Account(state, user.AccountId, $"user {user.UserName}");
                if (!account.Users.TryGetValue(user.UserName, out var existing))
                {
                    existing = new IamUserState
                    {
                        UserName = user.UserName,
                        UserId = AwsIds.UniqueId("AIDA"),
                        AccountId = account.Id,
                        CreatedAt = now,
                        Administrator = user.Administrator,
                    };
                    account.Users[user.UserName] = existing;
                }

                foreach (var key in user.AccessKeys)
                {
                    state.AccessKeys.TryAdd(key.AccessKeyId, new AccessKeyState
                    {
                        AccessKeyId = key.AccessKeyId,
                        SecretAccessKey = key.SecretAccessKey,
                        AccountId = account.Id,
                        UserName = existing.UserName,
                        CreatedAt = now,
                    });
                }
            }

            foreach (var role in seed.Roles)
            {
                var account = Account(state, role.AccountId, $"role {role.RoleName}");
                if (!account.Roles.ContainsKey(role.RoleName))
                {
                    account.Roles[role.RoleName] = new IamRoleState
                    {
                        RoleName = role.RoleName,
                        RoleId = AwsIds.UniqueId("AROA"),
                        AccountId = account.Id,
                        CreatedAt = now,
                        TrustedAccountIds = role.TrustedAccountIds.ToList(),
                        ExternalId = role.ExternalId,
                    };
                }
            }

            foreach (var topic in seed.Topics)
            {
                if (topic.Split(':').Length != 6)
                {
                    throw new InvalidOperationException($"Seed topic '{topic}' is not an SNS topic ARN (arn:aws:sns:region:account:name).");
                }

                state.Topics.TryAdd(topic, new TopicState { Arn = topic });
            }

            foreach (var bucket in seed.Buckets)
            {
                var account = Account(state, bucket.AccountId, $"bucket {bucket.Name}");
                if (!state.Buckets.TryGetValue(bucket.Name, out var existing))
                {
                    existing = new BucketState { Name = bucket.Name, Region = bucket.Region, OwnerAccountId = account.Id, CreatedAt = now };
                    state.Buckets[bucket.Name] = existing;
                }

                foreach (var accessPoint in bucket.AccessPoints.Where(a => !existing.AccessPoints.Contains(a)))
                {
                    existing.AccessPoints.Add(accessPoint);
                }

                existing.NotificationTopicArn ??= bucket.NotificationTopicArn;
            }

            if (seed.Trail is { } trail)
            {
                state.Trail.Name = trail.Name;
                state.Trail.BucketName = trail.BucketName;
                state.Trail.HomeRegion = trail.HomeRegion;
                state.Trail.UnloggedActions = trail.UnloggedActions.ToList();
            }
        }
    }

    private static AccountState Account(EmulatorState state, string accountId, string owner) =>
        state.Accounts.TryGetValue(accountId, out var account)
            ? account
            : throw new InvalidOperationException($"Seed {owner} names account '{accountId}', which the seed does not create; add it to 'accounts'.");
}
