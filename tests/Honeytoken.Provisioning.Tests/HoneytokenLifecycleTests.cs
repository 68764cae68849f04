using Amazon.Runtime;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;
using Honeytoken.Provisioning.Tests.Infrastructure;
using Honeytoken.Testing;
using Npgsql;

namespace Honeytoken.Provisioning.Tests;

/// <summary>The honeytoken grain from the pool to revocation, against the emulator and PostgreSQL.</summary>
public sealed class HoneytokenLifecycleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly Actor Operator = new(ActorKind.ApiToken, "api-token-1");

    [Fact]
    public async Task Lifecycle_AssignTriggerResetRevoke_KeyStopsWorking()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync();
        const string installation = "lifecycle";
        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 2));
        await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, Timeout);

        var tokenId = (await environment.Client.GetGrain<IKeyPoolGrain>(installation).TakeAsync())!.Value;
        var token = environment.Client.GetGrain<IHoneytokenGrain>(tokenId);
        var lifecycle = environment.Client.GetGrain<IHoneytokenLifecycleGrain>(tokenId);

        // Assign: pooled → active, and the key works.
        var assigned = await token.AssignAsync(new HoneytokenFields("ci-secrets", "Planted in the CI variables", [new CustomTag("team", "payments")]), Operator);
        Assert.True(assigned.Succeeded, assigned.Error?.Message);
        Assert.Equal(HoneytokenStatus.Active, assigned.Token!.Status);
        Assert.Null(assigned.Token.SecretAccessKey);
        var withSecret = (await token.GetAsync(includeSecret: true))!;
        Assert.Contains(":user/", await environment.GetCallerArnAsync(withSecret.AccessKeyId!, withSecret.SecretAccessKey!), StringComparison.Ordinal);

        // Reset of an active token is refused with a clear message.
        var earlyReset = await token.ResetAsync(Operator);
        Assert.Equal(HoneytokenErrorKind.InvalidState, earlyReset.Error?.Kind);
        Assert.Contains("Only a triggered honeytoken can be reset", earlyReset.Error!.Message, StringComparison.Ordinal);

        // An event: active → triggered; the same event again changes nothing.
        var use = new HoneytokenEventInput
        {
            EventKey = "event-1",
            EventTime = DateTimeOffset.UtcNow,
            Action = "sts:GetCallerIdentity",
            IpAddress = "198.51.100.7",
            Channel = "realtime",
        };
        var triggered = await lifecycle.RecordEventAsync(use);
        Assert.Equal(HoneytokenStatus.Triggered, triggered.Token!.Status);
        Assert.Equal(1, triggered.Token.OpenEventsCount);
        Assert.Equal(1, (await lifecycle.RecordEventAsync(use with { Channel = "log_file" })).Token!.OpenEventsCount);

        // Reset: triggered → active, the open event archived.
        var reset = await token.ResetAsync(Operator);
        Assert.True(reset.Succeeded, reset.Error?.Message);
        Assert.Equal(HoneytokenStatus.Active, reset.Token!.Status);
        Assert.Equal(0, reset.Token.OpenEventsCount);
        Assert.Equal(["archived"], await EventStatusesAsync(environment, tokenId));

        // Revoke: the key no longer authenticates, and the IAM user is gone.
        var revoked = await token.RevokeAsync(Operator);
        Assert.True(revoked.Succeeded, revoked.Error?.Message);
        Assert.Equal(HoneytokenLifecycle.Revoked, revoked.Token!.Lifecycle);
        Assert.Equal(Operator.Id, revoked.Token.RevokerId);
        var rejected = await Assert.ThrowsAnyAsync<AmazonServiceException>(
            () => environment.GetCallerArnAsync(withSecret.AccessKeyId!, withSecret.SecretAccessKey!));
        Assert.Equal("InvalidClientTokenId", rejected.ErrorCode);
        var userName = RowOf(await environment.ReadRowsAsync(installation), tokenId).IamUserName;
        Assert.DoesNotContain(environment.MemberAccountIam().Users, user => user.UserName == userName);

        // Revoking again returns the revoked token; a later event is stored but the status stays.
        Assert.Equal(HoneytokenLifecycle.Revoked, (await token.RevokeAsync(Operator)).Token!.Lifecycle);
        var late = await lifecycle.RecordEventAsync(use with { EventKey = "event-2" });
        Assert.Equal(HoneytokenStatus.Revoked, late.Token!.Status);
        Assert.Equal(["archived", "open"], await EventStatusesAsync(environment, tokenId));

        // The row follows the grain, and the audit log names who did what.
        Assert.Equal("revoked", RowOf(await environment.ReadRowsAsync(installation), tokenId).Lifecycle);
        var audit = await AuditActionsAsync(environment, tokenId);
        Assert.Contains(("honeytoken.create", "api_token", Operator.Id), audit);
        Assert.Contains(("honeytoken.trigger", "system", "system"), audit);
        Assert.Contains(("honeytoken.reset", "api_token", Operator.Id), audit);
        Assert.Contains(("honeytoken.revoke", "api_token", Operator.Id), audit);
        Assert.Contains(("honeytoken.revoked", "system", "system"), audit);
    }

    [Fact]
    public async Task Assign_InvalidFields_NameTheField()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync();
        const string installation = "fields";
        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 1));
        await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, Timeout);
        var token = environment.Client.GetGrain<IHoneytokenGrain>((await environment.Client.GetGrain<IKeyPoolGrain>(installation).TakeAsync())!.Value);

        var cases = new (HoneytokenFields Fields, string Field)[]
        {
            (new(new string('n', HoneytokenFieldRules.MaxNameLength + 1), null, []), "name"),
            (new(" ", null, []), "name"),
            (new("ok", new string('d', HoneytokenFieldRules.MaxDescriptionLength + 1), []), "description"),
            (new("ok", null, [new("", "v")]), "custom_tags[0].key"),
            (new("ok", null, [new("team", "a"), new("team", "b")]), "custom_tags[1].key"),
        };
        foreach (var (fields, field) in cases)
        {
            var result = await token.AssignAsync(fields, Operator);
            Assert.Equal(HoneytokenErrorKind.Invalid, result.Error?.Kind);
            Assert.Equal(field, result.Error!.Field);
        }

        // Nothing was handed out.
        Assert.Null(await token.GetAsync(includeSecret: false));
    }

    [Fact]
    public async Task Assign_ConcurrentSameName_ExactlyOneWins()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync();
        const string installation = "names";
        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 6));
        await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, Timeout);

        var pool = environment.Client.GetGrain<IKeyPoolGrain>(installation);
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await pool.TakeAsync())!.Value);
        }

        var results = await Task.WhenAll(ids.Select(id =>
            environment.Client.GetGrain<IHoneytokenGrain>(id).AssignAsync(new HoneytokenFields("prod-deploy-key", null, []), Operator)));

        var winner = Assert.Single(results, result => result.Succeeded);
        var losers = results.Where(result => !result.Succeeded).ToList();
        Assert.Equal(5, losers.Count);
        Assert.All(losers, loser => Assert.Equal(HoneytokenErrorKind.NameConflict, loser.Error!.Kind));
        Assert.All(losers, loser => Assert.Equal(winner.Token!.Id, loser.Error!.ConflictingId));

        // The losers are still pooled keys and can go back to the pool.
        var rows = await environment.ReadRowsAsync(installation);
        Assert.Single(rows, row => row.Lifecycle == "active");
        Assert.Equal(5, rows.Count(row => row.Lifecycle == "pooled" && ids.Contains(row.Id)));

        // Once the winner is revoked its name is free again.
        await environment.Client.GetGrain<IHoneytokenGrain>(winner.Token!.Id).RevokeAsync(Operator);
        var loserId = ids.First(id => id != winner.Token.Id);
        Assert.True((await environment.Client.GetGrain<IHoneytokenGrain>(loserId).AssignAsync(new HoneytokenFields("prod-deploy-key", null, []), Operator)).Succeeded);
    }

    [Fact]
    public async Task Revoke_SiloKilled_CompletesAfterRestart()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync(silos: 2, outOfProcess: true);
        const string installation = "revoke-crash";
        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 1));
        await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, Timeout);

        var tokenId = (await environment.Client.GetGrain<IKeyPoolGrain>(installation).TakeAsync())!.Value;
        var token = environment.Client.GetGrain<IHoneytokenGrain>(tokenId);
        Assert.True((await token.AssignAsync(new HoneytokenFields("crash-test", null, []), Operator)).Succeeded);
        var userName = RowOf(await environment.ReadRowsAsync(installation), tokenId).IamUserName;

        // IAM refuses every deletion, so the revocation stops half way, as a crash would leave it.
        await environment.Aws.Control.SetFaultsAsync(new FaultSettings
        {
            ServerErrors = [new FaultRule { Api = "iam:DeleteAccessKey" }, new FaultRule { Api = "iam:DeleteUser" }],
        });
        var revoking = await token.RevokeAsync(Operator);
        Assert.Equal(HoneytokenLifecycle.Revoking, revoking.Token!.Lifecycle);
        Assert.Equal(HoneytokenStatus.Revoked, revoking.Token.Status);

        // The silo that hosts the token dies, a new one joins, and AWS recovers.
        var hostAddress = await environment.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(token);
        await environment.Cluster.KillSiloAsync(environment.Cluster.Silos.First(silo => silo.SiloAddress.Equals(hostAddress)));
        await environment.Cluster.StartAdditionalSiloAsync();
        await environment.Aws.Control.SetFaultsAsync(new FaultSettings());

        // The revoke reminder finishes the work without any call to the token.
        await Poll.UntilAsync(
            async () => RowOf(await environment.ReadRowsAsync(installation), tokenId).Lifecycle,
            lifecycle => lifecycle == "revoked",
            Timeout,
            "the revocation to finish");
        var (users, keys) = environment.MemberAccountIam();
        Assert.DoesNotContain(users, user => user.UserName == userName);
        Assert.DoesNotContain(keys, key => key.UserName == userName);
    }

    private static TokenRow RowOf(List<TokenRow> rows, Guid id) => rows.Single(row => row.Id == id);

    private static async Task<List<string>> EventStatusesAsync(ProvisioningEnvironment environment, Guid tokenId)
    {
        await using var connection = await environment.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM honeytoken_events WHERE honeytoken_id = @id ORDER BY list_position", connection);
        command.Parameters.AddWithValue("id", tokenId);
        await using var reader = await command.ExecuteReaderAsync();
        var statuses = new List<string>();
        while (await reader.ReadAsync())
        {
            statuses.Add(reader.GetString(0));
        }

        return statuses;
    }

    private static async Task<List<(string Action, string ActorKind, string ActorId)>> AuditActionsAsync(ProvisioningEnvironment environment, Guid tokenId)
    {
        await using var connection = await environment.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT action, actor_kind, actor_id FROM audit_log WHERE target_type = 'honeytoken' AND target_id = @id ORDER BY id", connection);
        command.Parameters.AddWithValue("id", tokenId.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            entries.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return entries;
    }
}
