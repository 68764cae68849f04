using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.State;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;
using Honeytoken.Provisioning.Tests.Infrastructure;
using Honeytoken.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Honeytoken.Provisioning.Tests;

/// <summary>Provisioning against the emulator: accounts, the key pool, faults and quotas.</summary>
public sealed class ProvisioningTests
{
    private static readonly TimeSpan ProvisioningTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Upload_ValidConfiguration_FillsPoolWithWorkingKeys()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync();
        const string installation = "fill";

        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 6));
        var progress = await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, ProvisioningTimeout);

        Assert.Equal(2, progress.AccountsReady);
        Assert.Equal(2, progress.AccountsTarget);
        Assert.Equal(6, progress.KeysTarget);
        Assert.Equal(6, progress.KeysProvisioned);
        Assert.Equal(6, progress.KeysAvailable);
        Assert.Null(progress.LastError);
        Assert.Equal(6, await environment.Client.GetGrain<IKeyPoolGrain>(installation).CountAsync());

        var rows = await environment.ReadRowsAsync(installation);
        Assert.Equal(6, rows.Count);
        Assert.All(rows, row => Assert.Equal("pooled", row.Lifecycle));

        // The pool spreads over both member accounts.
        Assert.Equal(2, rows.Select(row => row.AccountId).Distinct().Count());

        // Every pooled key signs requests that STS accepts, as its own IAM user.
        foreach (var row in rows)
        {
            var secret = environment.Protector.Unprotect(SecretPurposes.HoneytokenSecretKey, row.SecretProtected);
            var arn = await environment.GetCallerArnAsync(row.AccessKeyId!, secret);
            Assert.StartsWith($"arn:aws:iam::{row.AccountId}:user/", arn, StringComparison.Ordinal);
            Assert.EndsWith($"/{row.IamUserName}", arn, StringComparison.Ordinal);
        }

        // The users carry no tag and no name or path that marks them as decoys.
        var (users, keys) = environment.MemberAccountIam();
        Assert.Equal(6, users.Count);
        Assert.Equal(6, keys.Count);
        Assert.All(users, user => Assert.Empty(user.Tags));
        Assert.All(users, user => Assert.DoesNotContain("honey", user.UserName + user.Path, StringComparison.OrdinalIgnoreCase));
        Assert.All(users, user => Assert.DoesNotContain("decoy", user.UserName + user.Path, StringComparison.OrdinalIgnoreCase));

        // No secret of the configuration file, and no honeytoken secret, reaches a log line.
        var secrets = new List<string> { EmulatorSeed.LocalSecretAccessKey, environment.Aws.ExternalId, ProvisioningEnvironment.WebhookKey };
        secrets.AddRange(rows.Select(row => environment.Protector.Unprotect(SecretPurposes.HoneytokenSecretKey, row.SecretProtected)));
        var lines = CapturedLogs.Instance.Lines.ToList();
        Assert.NotEmpty(lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Upload_InvalidConfigurations_KeepPreviousOneInForce()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync();
        const string installation = "invalid";
        var setup = environment.Client.GetGrain<ITenantSetupGrain>(installation);
        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 1));
        var before = await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, ProvisioningTimeout);

        var cases = new (string Case, byte[] File, string Field, string Phrase)[]
        {
            ("malformed JSON", "{\"version\": 1,"u8.ToArray(), "$", "not valid JSON"),
            ("missing field", environment.ConfigurationFile(poolSize: 3, edit: file => file["management_role"]!.AsObject().Remove("arn")),
                "management_role.arn", "is missing"),
            ("bad ARN", environment.ConfigurationFile(poolSize: 3, edit: file => file["management_role"]!["arn"] = "arn:aws:iam::123:role"),
                "management_role.arn", "IAM role ARN"),
            ("wrong external ID", environment.ConfigurationFile(poolSize: 3, edit: file => file["management_role"]!["external_id"] = "not-the-external-id"),
                "management_role.external_id", "sts:ExternalId"),
            ("unknown access point", environment.ConfigurationFile(poolSize: 3, edit: file => file["logs"]!["access_point_arn"] = "arn:aws:s3:us-west-2:123456789012:accesspoint/no-such-point"),
                "logs.access_point_arn", "does not exist"),
        };

        foreach (var (name, file, field, phrase) in cases)
        {
            var result = await setup.UploadConfigurationAsync(file, new(Grains.Auditing.ActorKind.ApiToken, "test-admin"));

            Assert.False(result.Accepted, name);
            var error = Assert.Single(result.Errors);
            Assert.Equal(field, error.Field);
            Assert.Contains(phrase, error.Message, StringComparison.Ordinal);

            var configuration = await setup.GetConfigurationAsync();
            Assert.Equal(1, configuration!.Pool.Size);
            Assert.Equal(environment.Aws.ExternalId, configuration.ManagementRole.ExternalId);
            var progress = await setup.GetProgressAsync();
            Assert.Equal(SetupPhase.Ready, progress.Phase);
            Assert.Equal(before.StartedAt, progress.StartedAt);
        }
    }

    [Fact]
    public async Task Provisioning_LowThrottlingRate_CompletesWithoutFailedToken()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync();
        const string installation = "throttled";
        await environment.Aws.Control.SetFaultsAsync(new FaultSettings
        {
            Throttling = [new FaultRule { Api = "iam:*", Rate = 0.2 }, new FaultRule { Api = "organizations:*", Rate = 0.2 }],
        });

        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 8));
        var progress = await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, ProvisioningTimeout);

        Assert.Equal(8, progress.KeysProvisioned);
        Assert.Equal(8, progress.KeysAvailable);
        var rows = await environment.ReadRowsAsync(installation);
        Assert.Equal(8, rows.Count);
        Assert.All(rows, row => Assert.Equal("pooled", row.Lifecycle));

        // The emulator did throttle: the client retried Throttling errors and carried on.
        var records = await environment.Aws.Control.GetRecordsAsync();
        Assert.Contains(records, record => (string?)record["errorCode"] == "Throttling");
        var (users, keys) = environment.MemberAccountIam();
        Assert.Equal(8, users.Count);
        Assert.Equal(8, keys.Count);
    }

    [Fact]
    public async Task Provisioning_RateLimitedIam_CompletesWithoutFailedToken()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync();
        const string installation = "rate-limited";

        // A hard ceiling, as AWS throttles an account: most parallel calls are rejected, for
        // longer than the client's retries of one call last.
        await environment.Aws.Control.SetFaultsAsync(new FaultSettings
        {
            RateLimits = [new RateLimitRule { Api = "iam:*", RequestsPerSecond = 5, Burst = 1 }],
        });

        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 12));
        var progress = await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, ProvisioningTimeout);

        Assert.Equal(12, progress.KeysProvisioned);
        var rows = await environment.ReadRowsAsync(installation);
        Assert.Equal(12, rows.Count);
        Assert.All(rows, row => Assert.Equal("pooled", row.Lifecycle));

        var records = await environment.Aws.Control.GetRecordsAsync();
        Assert.Contains(records, record => (string?)record["errorCode"] == "Throttling");
    }

    [Fact]
    public async Task Provisioning_AccountQuota_FailsWithoutRetries()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync();
        const string installation = "quota";

        // The organization may contain the management account and one member account.
        var state = environment.Aws.Services.GetRequiredService<EmulatorState>();
        lock (state.Gate)
        {
            state.Organization!.AccountLimit = 2;
        }

        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 2, memberAccounts: 3));
        var progress = await environment.WaitForPhaseAsync(installation, SetupPhase.Failed, ProvisioningTimeout);

        Assert.NotNull(progress.LastError);
        Assert.Contains("ACCOUNT_NUMBER_LIMIT_EXCEEDED", progress.LastError.Message, StringComparison.Ordinal);
        Assert.Contains("organization.member_accounts", progress.LastError.Message, StringComparison.Ordinal);
        Assert.Equal(0, progress.KeysProvisioned);

        // One CreateAccount succeeded and one hit the quota; nothing retried it. Absence of
        // calls can only be observed over a window, so the test waits several step intervals.
        var createCalls = await CountCreateAccountCallsAsync(environment);
        Assert.Equal(2, createCalls);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(createCalls, await CountCreateAccountCallsAsync(environment));
        var after = await environment.Client.GetGrain<ITenantSetupGrain>(installation).GetProgressAsync();
        Assert.Equal(SetupPhase.Failed, after.Phase);
        Assert.Equal(progress.UpdatedAt, after.UpdatedAt);
    }

    [Fact]
    public async Task Provisioning_SiloKilled_FinishesWithoutOrphans()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync(silos: 2, outOfProcess: true);
        const string installation = "killed";
        var setup = environment.Client.GetGrain<ITenantSetupGrain>(installation);

        // Throttling slows provisioning down enough to kill a silo in the middle of it.
        await environment.Aws.Control.SetFaultsAsync(new FaultSettings { Throttling = [new FaultRule { Api = "iam:*", Rate = 0.3 }] });
        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 24));
        await Poll.UntilAsync(setup.GetProgressAsync, progress => progress.KeysProvisioned >= 4, ProvisioningTimeout, "the first keys");

        // The silo that runs the set-up grain dies, together with the token grains it hosts.
        var management = environment.Client.GetGrain<IManagementGrain>(0);
        var hostAddress = await management.GetActivationAddress(setup);
        var victim = environment.Cluster.Silos.First(silo => silo.SiloAddress.Equals(hostAddress));
        await environment.Cluster.KillSiloAsync(victim);

        var progress = await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, ProvisioningTimeout);
        Assert.Equal(24, progress.KeysAvailable);

        var rows = await environment.ReadRowsAsync(installation);
        Assert.All(rows, row => Assert.Equal("pooled", row.Lifecycle));
        Assert.Equal(24, rows.Count);

        // The emulator's IAM contains exactly the users and keys that the service records.
        var (users, keys) = environment.MemberAccountIam();
        Assert.Equal(
            rows.Select(row => $"{row.AccountId}/{row.IamUserName}").Order(StringComparer.OrdinalIgnoreCase),
            users.Select(user => $"{user.AccountId}/{user.UserName}").Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(
            rows.Select(row => row.AccessKeyId!).Order(StringComparer.Ordinal),
            keys.Select(key => key.AccessKeyId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Provisioning_StaleActivation_LeavesNoUnrecordedKey()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync();
        const string installation = "stale";
        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 1));
        await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, ProvisioningTimeout);
        var accountId = (await environment.ReadRowsAsync(installation)).Single().AccountId!;

        // A first attempt that creates the IAM user and then fails at the key.
        var tokenId = Guid.NewGuid();
        var token = environment.Client.GetGrain<IHoneytokenLifecycleGrain>(tokenId);
        var order = new ProvisioningOrder(installation, accountId);
        await environment.Aws.Control.SetFaultsAsync(new FaultSettings { ServerErrors = [new FaultRule { Api = "iam:CreateAccessKey" }] });
        await Assert.ThrowsAnyAsync<Exception>(() => token.ProvisionAsync(order));
        await environment.Aws.Control.SetFaultsAsync(new FaultSettings());

        // What a second activation of the token leaves behind when it writes the state while
        // this one still has an older copy: a newer version of the stored state.
        Assert.Equal(1, await BumpNewestTokenStateAsync(environment));

        // The stale activation stops without creating a key that no token would record.
        await Assert.ThrowsAnyAsync<Exception>(() => token.ProvisionAsync(order));
        var userName = (await environment.ReadRowsAsync(installation)).Single(row => row.Id == tokenId).IamUserName!;
        Assert.DoesNotContain(environment.MemberAccountIam().Keys, key => key.UserName == userName);

        // A fresh activation reads the newer state and provisions the token.
        var outcome = await token.ProvisionAsync(order);
        Assert.Equal(HoneytokenLifecycle.Pooled, outcome.Lifecycle);
        var row = (await environment.ReadRowsAsync(installation)).Single(row => row.Id == tokenId);
        var key = Assert.Single(environment.MemberAccountIam().Keys, key => key.UserName == userName);
        Assert.Equal(row.AccessKeyId, key.AccessKeyId);
    }

    private static async Task<int> BumpNewestTokenStateAsync(ProvisioningEnvironment environment)
    {
        await using var connection = await environment.Database.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            UPDATE orleans_storage SET version = version + 1, modified_at = now()
            WHERE ctid = (SELECT ctid FROM orleans_storage WHERE grain_type = 'honeytoken' ORDER BY modified_at DESC LIMIT 1)
            """, connection);
        return await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Upload_WhileProvisioning_ReplacesFileAndKeepsAccounts()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync();
        const string installation = "replaced";
        var setup = environment.Client.GetGrain<ITenantSetupGrain>(installation);
        await environment.Aws.Control.SetFaultsAsync(new FaultSettings { Throttling = [new FaultRule { Api = "iam:*", Rate = 0.3 }] });
        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 40));
        var first = await Poll.UntilAsync(setup.GetProgressAsync, progress => progress.KeysProvisioned >= 2, ProvisioningTimeout, "the first keys");

        // Same organization, smaller pool: the new file is in force at once.
        var beforeUpload = await setup.GetProgressAsync();
        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 6));
        var restarted = await setup.GetProgressAsync();
        Assert.Equal(6, restarted.KeysTarget);
        Assert.Equal(0, restarted.KeysProvisioned);
        Assert.True(restarted.StartedAt > first.StartedAt);
        Assert.Equal(6, (await setup.GetConfigurationAsync())!.Pool.Size);

        await environment.Aws.Control.SetFaultsAsync(new FaultSettings());
        var progress = await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, ProvisioningTimeout);

        // The member accounts were kept, not requested again, and the keys made under the
        // first file stayed in the pool.
        Assert.Equal(2, await CountCreateAccountCallsAsync(environment));
        Assert.Equal(2, progress.AccountsReady);
        // Tokens in flight at the upload finish too: up to 4 asked before the probe above and 4
        // more between the probe and the upload.
        Assert.InRange(progress.KeysAvailable, 6, Math.Max(6, beforeUpload.KeysAvailable + 8));
        var rows = await environment.ReadRowsAsync(installation);
        Assert.Equal(progress.KeysAvailable, rows.Count);
        Assert.All(rows, row => Assert.Equal("pooled", row.Lifecycle));
        Assert.Equal(rows.Count, environment.MemberAccountIam().Users.Count);
    }

    private static async Task<int> CountCreateAccountCallsAsync(ProvisioningEnvironment environment)
    {
        var records = await environment.Aws.Control.GetRecordsAsync();
        return records.Count(record => (string?)record["eventName"] == "CreateAccount");
    }
}
