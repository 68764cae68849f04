using Honeytoken.Api.Auditing;
using Honeytoken.Grains.Auditing;
using Npgsql;

namespace Honeytoken.Api.Features.Honeytokens;

/// <summary>A note an operator wrote on a honeytoken, such as where it is planted or how an incident went.</summary>
public sealed record HoneytokenNote(
    Guid Id,
    Guid HoneytokenId,
    string Comment,
    string AuthorId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Reads and writes <c>honeytoken_notes</c>; every change is audited in the same transaction.</summary>
public sealed class HoneytokenNoteStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    private const string Columns = "id, honeytoken_id, body, author_id, created_at, updated_at, list_position";

    /// <summary>Returns up to <paramref name="limit"/> notes of the token after the position, oldest first.</summary>
    public async Task<IReadOnlyList<(HoneytokenNote Note, long Position)>> ListAsync(
        Guid honeytokenId, long? afterPosition, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {Columns} FROM honeytoken_notes
            WHERE honeytoken_id = @honeytoken_id AND list_position > @after
            ORDER BY list_position LIMIT @limit
            """);
        command.Parameters.AddWithValue("honeytoken_id", honeytokenId);
        command.Parameters.AddWithValue("after", afterPosition ?? 0);
        command.Parameters.AddWithValue("limit", limit);

        var notes = new List<(HoneytokenNote, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            notes.Add((Read(reader), reader.GetInt64(6)));
        }

        return notes;
    }

    public async Task<HoneytokenNote> CreateAsync(Guid honeytokenId, string comment, Actor actor, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var note = new HoneytokenNote(Guid.CreateVersion7(now), honeytokenId, comment, actor.Id, now, now);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var command = new NpgsqlCommand(
            """
            INSERT INTO honeytoken_notes (id, honeytoken_id, body, author_id, created_at, updated_at)
            VALUES (@id, @honeytoken_id, @body, @author_id, @now, @now)
            """,
            connection,
            transaction))
        {
            command.Parameters.AddWithValue("id", note.Id);
            command.Parameters.AddWithValue("honeytoken_id", honeytokenId);
            command.Parameters.AddWithValue("body", comment);
            command.Parameters.AddWithValue("author_id", actor.Id);
            command.Parameters.AddWithValue("now", now);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditLog.WriteAsync(connection, transaction, Audit(actor, "note.created", note.Id, honeytokenId, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return note;
    }

    /// <summary>Replaces the comment; returns null when the token has no note with the id.</summary>
    public async Task<HoneytokenNote?> UpdateAsync(Guid honeytokenId, Guid noteId, string comment, Actor actor, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        HoneytokenNote? note;
        await using (var command = new NpgsqlCommand(
            $"UPDATE honeytoken_notes SET body = @body, updated_at = @now WHERE id = @id AND honeytoken_id = @honeytoken_id RETURNING {Columns}",
            connection,
            transaction))
        {
            command.Parameters.AddWithValue("body", comment);
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("id", noteId);
            command.Parameters.AddWithValue("honeytoken_id", honeytokenId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            note = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }

        if (note is null)
        {
            return null;
        }

        await AuditLog.WriteAsync(connection, transaction, Audit(actor, "note.updated", noteId, honeytokenId, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return note;
    }

    /// <summary>Deletes the note; returns false when the token has no note with the id.</summary>
    public async Task<bool> DeleteAsync(Guid honeytokenId, Guid noteId, Actor actor, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var command = new NpgsqlCommand(
            "DELETE FROM honeytoken_notes WHERE id = @id AND honeytoken_id = @honeytoken_id",
            connection,
            transaction))
        {
            command.Parameters.AddWithValue("id", noteId);
            command.Parameters.AddWithValue("honeytoken_id", honeytokenId);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await AuditLog.WriteAsync(connection, transaction, Audit(actor, "note.deleted", noteId, honeytokenId, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static AuditEntry Audit(Actor actor, string action, Guid noteId, Guid honeytokenId, DateTimeOffset now) =>
        new(actor, action, "honeytoken_note", noteId.ToString(), now, new Dictionary<string, object?> { ["honeytoken_id"] = honeytokenId });

    private static HoneytokenNote Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.GetFieldValue<DateTimeOffset>(5));
}
