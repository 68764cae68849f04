namespace Honeytoken.Api.Features.Honeytokens;

/// <summary>Log messages of the honeytoken endpoints. None carries a secret key.</summary>
internal static partial class HoneytokenLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "The key pool is empty; a honeytoken create was answered with 503.")]
    public static partial void PoolEmpty(ILogger logger);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Honeytoken {TokenId} created by API token {ActorId}.")]
    public static partial void Created(ILogger logger, Guid tokenId, string actorId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Pooled token {TokenId} returned to the pool after the create failed with {ErrorKind}.")]
    public static partial void ReturnedToPool(ILogger logger, Guid tokenId, string errorKind);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Pooled token {TokenId} could not be handed out ({ErrorKind}: {Message}); taking another.")]
    public static partial void AssignFailed(ILogger logger, Guid tokenId, string errorKind, string message);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "API token {ActorId} read the secret keys of {Count} honeytoken(s).")]
    public static partial void SecretsShown(ILogger logger, string actorId, int count);

    [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "Note {NoteId} on honeytoken {TokenId} {Action} by API token {ActorId}.")]
    public static partial void NoteChanged(ILogger logger, Guid noteId, Guid tokenId, string action, string actorId);
}
