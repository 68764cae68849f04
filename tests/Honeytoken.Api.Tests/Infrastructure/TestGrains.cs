using System.Text.Json;
using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Setup;
using Npgsql;
using NpgsqlTypes;

namespace Honeytoken.Api.Tests.Infrastructure;

/// <summary>The tests' side of the test key pool: puts pooled tokens in it.</summary>
public interface ITestKeyPoolStock : IGrainWithStringKey
{
    Task AddAsync(IReadOnlyList<Guid> tokenIds);
}

/// <summary>
/// A key pool that keeps its ids in memory. It replaces the real pool so that the Api's
/// create path (take, assign, return on conflict) runs through real grain calls.
/// </summary>
public sealed class TestKeyPoolGrain : Grain, IKeyPoolGrain, ITestKeyPoolStock
{
    private readonly Queue<Guid> pooled = new();

    public Task<Guid?> TakeAsync() => Task.FromResult<Guid?>(pooled.TryDequeue(out var id) ? id : null);

    public Task ReturnAsync(Guid tokenId)
    {
        pooled.Enqueue(tokenId);
        return Task.CompletedTask;
    }

    public Task<int> CountAsync() => Task.FromResult(pooled.Count);

    public Task AddAsync(IReadOnlyList<Guid> tokenIds)
    {
        foreach (var id in tokenIds)
        {
            pooled.Enqueue(id);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// A honeytoken grain that keeps its state in its <c>honeytokens</c> row, as the real grain's
/// row mirrors its state. Names are decided by the partial unique index, as in the real grain.
/// The secret key is derived from the id, so tests can check what <c>show_token</c> returns.
/// </summary>
public sealed class TestHoneytokenGrain(NpgsqlDataSource dataSource) : Grain, IHoneytokenGrain
{
    public static string SecretOf(Guid id) => $"test-secret-{id:N}";

    private Guid Id => this.GetPrimaryKey();

    public async Task<HoneytokenResult> AssignAsync(HoneytokenFields fields, Actor actor)
    {
        if (HoneytokenFieldRules.Validate(fields) is { } invalid)
        {
            return HoneytokenResult.Failure(invalid);
        }

        try
        {
            await using var command = dataSource.CreateCommand(
                """
                UPDATE honeytokens SET lifecycle = 'active', name = @name, description = @description, custom_tags = @tags,
                    created_at = now(), creator_id = @actor, row_version = row_version + 1
                WHERE id = @id AND lifecycle = 'pooled'
                """);
            command.Parameters.AddWithValue("id", Id);
            command.Parameters.AddWithValue("name", fields.Name);
            command.Parameters.AddWithValue("description", (object?)fields.Description ?? DBNull.Value);
            command.Parameters.AddWithValue("tags", NpgsqlDbType.Jsonb, TagsJson(fields.CustomTags));
            command.Parameters.AddWithValue("actor", actor.Id);
            if (await command.ExecuteNonQueryAsync() == 0)
            {
                return HoneytokenResult.Failure(new(HoneytokenErrorKind.InvalidState, "The token is not pooled."));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await using var find = dataSource.CreateCommand(
                "SELECT id FROM honeytokens WHERE installation_id = @installation AND name = @name AND lifecycle NOT IN ('revoking', 'revoked')");
            find.Parameters.AddWithValue("installation", Installation.DefaultId);
            find.Parameters.AddWithValue("name", fields.Name);
            var conflicting = (Guid?)await find.ExecuteScalarAsync();
            return HoneytokenResult.Failure(new(HoneytokenErrorKind.NameConflict,
                $"Another honeytoken is named '{fields.Name}'.", "name", conflicting));
        }

        return HoneytokenResult.Success((await ReadAsync(includeSecret: false))!);
    }

    public Task<HoneytokenSnapshot?> GetAsync(bool includeSecret) => ReadAsync(includeSecret);

    public async Task<HoneytokenResult> UpdateAsync(HoneytokenPatch patch, Actor actor)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE honeytokens SET name = coalesce(@name, name), description = coalesce(@description, description),
                custom_tags = coalesce(@tags, custom_tags), row_version = row_version + 1
            WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", Id);
        command.Parameters.AddWithValue("name", NpgsqlDbType.Text, (object?)patch.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("description", NpgsqlDbType.Text, (object?)patch.Description ?? DBNull.Value);
        command.Parameters.AddWithValue("tags", NpgsqlDbType.Jsonb, patch.CustomTags is null ? DBNull.Value : TagsJson(patch.CustomTags));
        await command.ExecuteNonQueryAsync();
        return HoneytokenResult.Success((await ReadAsync(includeSecret: false))!);
    }

    public async Task<HoneytokenResult> ResetAsync(Actor actor)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH archived AS (UPDATE honeytoken_events SET status = 'archived' WHERE honeytoken_id = @id AND status = 'open')
            UPDATE honeytokens SET lifecycle = 'active', open_events_count = 0, row_version = row_version + 1
            WHERE id = @id AND lifecycle = 'triggered'
            """);
        command.Parameters.AddWithValue("id", Id);
        if (await command.ExecuteNonQueryAsync() == 0)
        {
            var current = await ReadAsync(includeSecret: false);
            return HoneytokenResult.Failure(new(HoneytokenErrorKind.InvalidState,
                $"Only a triggered honeytoken can be reset; this one is {current?.Status}."));
        }

        return HoneytokenResult.Success((await ReadAsync(includeSecret: false))!);
    }

    public async Task<HoneytokenResult> RevokeAsync(Actor actor)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE honeytokens SET lifecycle = 'revoked', revoked_at = now(), revoker_id = @actor, row_version = row_version + 1
            WHERE id = @id AND lifecycle IN ('active', 'triggered')
            """);
        command.Parameters.AddWithValue("id", Id);
        command.Parameters.AddWithValue("actor", actor.Id);
        await command.ExecuteNonQueryAsync();
        return HoneytokenResult.Success((await ReadAsync(includeSecret: false))!);
    }

    private async Task<HoneytokenSnapshot?> ReadAsync(bool includeSecret)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT lifecycle, name, description, custom_tags::text, created_at, triggered_at, revoked_at,
                   open_events_count, creator_id, revoker_id, access_key_id
            FROM honeytokens WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", Id);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync() || reader.GetString(0) is "pooled" or "provisioning" or "failed")
        {
            return null;
        }

        var tags = JsonSerializer.Deserialize<List<TagJson>>(reader.GetString(3))!;
        return new HoneytokenSnapshot
        {
            Id = Id,
            Lifecycle = Enum.Parse<HoneytokenLifecycle>(reader.GetString(0), ignoreCase: true),
            Name = reader.GetString(1),
            Description = reader.IsDBNull(2) ? null : reader.GetString(2),
            CustomTags = [.. tags.Select(tag => new CustomTag(tag.key, tag.value))],
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(4),
            TriggeredAt = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
            RevokedAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
            OpenEventsCount = reader.GetInt32(7),
            CreatorId = reader.IsDBNull(8) ? null : reader.GetString(8),
            RevokerId = reader.IsDBNull(9) ? null : reader.GetString(9),
            AccessKeyId = reader.IsDBNull(10) ? null : reader.GetString(10),
            SecretAccessKey = includeSecret ? SecretOf(Id) : null,
        };
    }

    private static string TagsJson(IReadOnlyList<CustomTag> tags) =>
        JsonSerializer.Serialize(tags.Select(tag => new TagJson(tag.Key, tag.Value)));

#pragma warning disable IDE1006 // The names match the JSON the real grain writes.
    private sealed record TagJson(string key, string value);
#pragma warning restore IDE1006
}

/// <summary>A tenant setup grain that validates and keeps the configuration in memory.</summary>
public sealed class TestTenantSetupGrain(TimeProvider timeProvider) : Grain, ITenantSetupGrain
{
    private HoneytokenConfiguration? configuration;
    private DateTimeOffset? startedAt;

    public Task<ConfigurationUploadResult> UploadConfigurationAsync(byte[] utf8Json, Actor actor)
    {
        var parsed = HoneytokenConfigurationParser.Parse(utf8Json, out var errors);
        if (parsed is null)
        {
            return Task.FromResult(new ConfigurationUploadResult(false, errors));
        }

        configuration = parsed;
        startedAt = timeProvider.GetUtcNow();
        return Task.FromResult(new ConfigurationUploadResult(true, []));
    }

    public Task<HoneytokenConfiguration?> GetConfigurationAsync() => Task.FromResult(configuration);

    public Task<SetupProgress> GetProgressAsync() => Task.FromResult(configuration is null
        ? SetupProgress.NotConfigured
        : new SetupProgress
        {
            Phase = SetupPhase.Validating,
            AccountsTarget = configuration.Organization.MemberAccounts,
            KeysTarget = configuration.Pool.Size,
            StartedAt = startedAt,
            UpdatedAt = startedAt,
        });
}
