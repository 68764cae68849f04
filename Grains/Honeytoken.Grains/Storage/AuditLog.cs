using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Honeytoken.Grains.Storage;

/// <summary>Writes entries of the <c>audit_log</c> table for changes that have no honeytoken row, such as a configuration upload.</summary>
public sealed class AuditLog(NpgsqlDataSource dataSource)
{
    private const string InsertSql = """
        INSERT INTO audit_log (occurred_at, actor_kind, actor_id, action, target_type, target_id, details)
        VALUES (@occurred_at, @actor_kind, @actor_id, @action, @target_type, @target_id, @details)
        """;

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);

        await using var command = dataSource.CreateCommand(InsertSql);
        AddParameters(command, entry);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Adds the parameters of <see cref="InsertSql"/>; <see cref="HoneytokenStore"/> uses the same statement in its transactions.</summary>
    internal static void AddParameters(NpgsqlCommand command, AuditEntry entry)
    {
        command.Parameters.AddWithValue("occurred_at", entry.OccurredAt);
        command.Parameters.AddWithValue("actor_kind", ActorKindText(entry.Actor.Kind));
        command.Parameters.AddWithValue("actor_id", entry.Actor.Id);
        command.Parameters.AddWithValue("action", entry.Action);
        command.Parameters.AddWithValue("target_type", entry.TargetType);
        command.Parameters.AddWithValue("target_id", entry.TargetId);
        command.Parameters.Add(new NpgsqlParameter("details", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(entry.Details) });
    }

    internal static NpgsqlCommand CreateInsert(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry)
    {
        var command = new NpgsqlCommand(InsertSql, connection, transaction);
        AddParameters(command, entry);
        return command;
    }

    private static string ActorKindText(Auditing.ActorKind kind) => kind switch
    {
        Auditing.ActorKind.System => "system",
        Auditing.ActorKind.ApiToken => "api_token",
        Auditing.ActorKind.User => "user",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown actor kind."),
    };
}
