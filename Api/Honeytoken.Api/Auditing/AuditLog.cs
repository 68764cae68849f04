using System.Security.Claims;
using System.Text.Json;
using Honeytoken.Api.Authentication;
using Honeytoken.Grains.Auditing;
using Npgsql;
using NpgsqlTypes;

namespace Honeytoken.Api.Auditing;

/// <summary>
/// Writes rows of <c>audit_log</c> for the changes the Api makes itself (API tokens, notes).
/// Changes to honeytokens and to the configuration are audited by their grains, which receive
/// the same <see cref="Actor"/>.
/// </summary>
public static class AuditLog
{
    /// <summary>
    /// Adds one audit row inside the caller's transaction, so the change and its record commit
    /// or roll back together.
    /// </summary>
    public static async Task WriteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        AuditEntry entry,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);

        await using var command = new NpgsqlCommand(
            """
            INSERT INTO audit_log (occurred_at, actor_kind, actor_id, action, target_type, target_id, details)
            VALUES (@occurred_at, @actor_kind, @actor_id, @action, @target_type, @target_id, @details)
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("occurred_at", entry.OccurredAt);
        command.Parameters.AddWithValue("actor_kind", ActorKindName(entry.Actor.Kind));
        command.Parameters.AddWithValue("actor_id", entry.Actor.Id);
        command.Parameters.AddWithValue("action", entry.Action);
        command.Parameters.AddWithValue("target_type", entry.TargetType);
        command.Parameters.AddWithValue("target_id", entry.TargetId);
        command.Parameters.AddWithValue("details", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(entry.Details ?? new Dictionary<string, object?>()));

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The actor of a request authenticated with an API token.</summary>
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);

        var tokenId = user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The request is not authenticated with an API token.");
        return new Actor(ActorKind.ApiToken, tokenId);
    }

    /// <summary>Returns whether the caller's token carries the scope.</summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.HasClaim(ApiScopes.ClaimType, scope);
    }

    private static string ActorKindName(ActorKind kind) => kind switch
    {
        ActorKind.ApiToken => "api_token",
        ActorKind.User => "user",
        _ => "system",
    };
}

/// <summary>One change to record: who made it, what it was, on which object, and when.</summary>
public sealed record AuditEntry(
    Actor Actor,
    string Action,
    string TargetType,
    string TargetId,
    DateTimeOffset OccurredAt,
    IReadOnlyDictionary<string, object?>? Details = null);
