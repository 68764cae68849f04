namespace Honeytoken.Api.Features.Dashboard;

/// <summary>Log messages of the dashboard. They name API tokens and honeytokens by id, never a secret.</summary>
internal static partial class DashboardLog
{
    public const string Category = "Honeytoken.Api.Features.Dashboard";

    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Dashboard sign-in with API token {TokenId}.")]
    public static partial void SignedIn(ILogger logger, Guid tokenId);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Dashboard sign-in rejected: {Reason}")]
    public static partial void SignInRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Information, Message = "Dashboard session of API token {TokenId} ended because the token is no longer usable.")]
    public static partial void SessionEnded(ILogger logger, string tokenId);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Warning, Message = "Form post to {Path} rejected: missing or invalid anti-forgery token.")]
    public static partial void AntiforgeryRejected(ILogger logger, string path);

    [LoggerMessage(EventId = 1704, Level = LogLevel.Information, Message = "Honeytoken {HoneytokenId} created from the dashboard by API token {ActorId}; its secret key was shown once.")]
    public static partial void Created(ILogger logger, Guid honeytokenId, string actorId);

    [LoggerMessage(EventId = 1705, Level = LogLevel.Warning, Message = "Pooled key {HoneytokenId} could not be handed out ({Kind}): {Message}")]
    public static partial void AssignFailed(ILogger logger, Guid honeytokenId, string kind, string message);

    [LoggerMessage(EventId = 1706, Level = LogLevel.Information, Message = "Configuration uploaded from the dashboard by API token {ActorId}: {Outcome}.")]
    public static partial void ConfigurationUploaded(ILogger logger, string actorId, string outcome);
}
