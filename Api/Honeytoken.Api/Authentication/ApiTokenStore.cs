using Honeytoken.Api.Auditing;
using Honeytoken.Grains.Auditing;
using Npgsql;

namespace Honeytoken.Api.Authentication;

/// <summary>Reads and writes the <c>api_tokens</c> table; every change is audited in the same transaction.</summary>
public sealed class ApiTokenStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Maximum number of tokens the admin list returns.</summary>
    public const int MaxListed = 1000;

    private const string Columns = "id, name, scopes, created_at, created_by, expires_at, revoked_at, last_used_at";

    /// <summary>
    /// Finds the token whose value has this hash, whatever its state, and records that it was
    /// used. Returns null when no token has the hash.
    /// </summary>
    public async Task<ApiToken?> FindByHashAsync(byte[] hash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE api_tokens SET last_used_at = @now WHERE token_sha256 = @hash RETURNING {Columns}");
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        command.Parameters.AddWithValue("hash", hash);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<ApiToken?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM api_tokens WHERE id = @id");
        command.Parameters.AddWithValue("id", id);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Lists tokens, newest first, up to <see cref="MaxListed"/>.</summary>
    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM api_tokens ORDER BY created_at DESC, id LIMIT {MaxListed}");

        var tokens = new List<ApiToken>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(Read(reader));
        }

        return tokens;
    }

    /// <summary>Stores a new token under the hash of <paramref name="value"/> and audits its creation.</summary>
    public async Task<ApiToken> CreateAsync(
        string name,
        IReadOnlyList<string> scopes,
        DateTimeOffset? expiresAt,
        string value,
        Actor actor,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var token = new ApiToken(Guid.CreateVersion7(now), name, scopes, now, actor.Id, expiresAt, null, null);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await InsertAsync(connection, transaction, token, ApiTokenValues.Hash(value), cancellationToken);

        await AuditLog.WriteAsync(connection, transaction, new AuditEntry(actor, "api_token.created", "api_token", token.Id.ToString(), now,
            new Dictionary<string, object?> { ["name"] = name, ["scopes"] = scopes, ["expires_at"] = expiresAt }), cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return token;
    }

    /// <summary>
    /// Revokes the token and audits it. Returns the token, unchanged when it was revoked
    /// already, or null when no token has the id.
    /// </summary>
    public async Task<ApiToken?> RevokeAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using var command = new NpgsqlCommand(
            $"UPDATE api_tokens SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL RETURNING {Columns}",
            connection,
            transaction);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("id", id);

        ApiToken? revoked;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            revoked = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }

        if (revoked is null)
        {
            // Nothing changed: either the id is unknown or the token was revoked before.
            await transaction.RollbackAsync(cancellationToken);
            return await GetAsync(id, cancellationToken);
        }

        await AuditLog.WriteAsync(connection, transaction,
            new AuditEntry(actor, "api_token.revoked", "api_token", id.ToString(), now), cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return revoked;
    }

    internal static async Task InsertAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        ApiToken token,
        byte[] hash,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO api_tokens (id, name, token_sha256, scopes, created_at, created_by, expires_at)
            VALUES (@id, @name, @hash, @scopes, @created_at, @created_by, @expires_at)
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("id", token.Id);
        command.Parameters.AddWithValue("name", token.Name);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("scopes", token.Scopes.ToArray());
        command.Parameters.AddWithValue("created_at", token.CreatedAt);
        command.Parameters.AddWithValue("created_by", token.CreatedBy);
        command.Parameters.AddWithValue("expires_at", (object?)token.ExpiresAt ?? DBNull.Value);

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static ApiToken Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetFieldValue<string[]>(2),
        reader.GetFieldValue<DateTimeOffset>(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
        reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7));
}
