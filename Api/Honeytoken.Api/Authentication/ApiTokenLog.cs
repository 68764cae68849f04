namespace Honeytoken.Api.Authentication;

/// <summary>Log messages of authentication, rate limiting and the bootstrap token. None carries a token value.</summary>
internal static partial class ApiTokenLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "A request presented an unknown API token.")]
    public static partial void UnknownToken(ILogger logger);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "A request presented the revoked API token {TokenId}.")]
    public static partial void RevokedTokenUsed(ILogger logger, Guid tokenId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "A request presented the API token {TokenId}, which expired at {ExpiresAt:O}.")]
    public static partial void ExpiredTokenUsed(ILogger logger, Guid tokenId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Debug, Message = "Rate limit reached for {Partition}; the request was rejected with 429.")]
    public static partial void RateLimited(ILogger logger, string partition);

    [LoggerMessage(EventId = 1120, Level = LogLevel.Information, Message = "Registered the bootstrap admin token {TokenId} from HONEYTOKEN_BOOTSTRAP_TOKEN.")]
    public static partial void BootstrapTokenRegistered(ILogger logger, Guid tokenId);

    [LoggerMessage(EventId = 1121, Level = LogLevel.Warning, Message = "HONEYTOKEN_BOOTSTRAP_TOKEN names the API token {TokenId}, which was revoked at {RevokedAt:O}; it stays revoked. Unset the variable or set a new value.")]
    public static partial void BootstrapTokenRevoked(ILogger logger, Guid tokenId, DateTimeOffset revokedAt);

    [LoggerMessage(EventId = 1122, Level = LogLevel.Warning, Message = "Generated the bootstrap admin token {TokenId} and wrote it to {Path} (mode 0600). It is printed once on standard output.")]
    public static partial void BootstrapTokenGenerated(ILogger logger, Guid tokenId, string path);

    [LoggerMessage(EventId = 1123, Level = LogLevel.Debug, Message = "An admin token exists; no bootstrap token was generated.")]
    public static partial void BootstrapTokenNotNeeded(ILogger logger);

    [LoggerMessage(EventId = 1130, Level = LogLevel.Information, Message = "API token {TokenId} created by {ActorId} with scopes {Scopes}.")]
    public static partial void TokenCreated(ILogger logger, Guid tokenId, string actorId, string scopes);

    [LoggerMessage(EventId = 1131, Level = LogLevel.Information, Message = "API token {TokenId} revoked by {ActorId}.")]
    public static partial void TokenRevoked(ILogger logger, Guid tokenId, string actorId);
}
