using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Setup;

/// <summary>Log messages of the set-up grain. Event ids 5100–5199 belong to this class. None carries a secret.</summary>
internal static partial class SetupLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Installation {InstallationId} accepted configuration {Generation} from {ActorKind} {ActorId}: role {RoleArn}, {MemberAccounts} member accounts, pool of {PoolSize}")]
    public static partial void ConfigurationAccepted(ILogger logger, string installationId, int generation, Auditing.ActorKind actorKind, string actorId, string roleArn, int memberAccounts, int poolSize);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Installation {InstallationId} rejected a configuration from {ActorKind} {ActorId} with {ErrorCount} errors; the first is on {Field}")]
    public static partial void ConfigurationRejected(ILogger logger, string installationId, Auditing.ActorKind actorKind, string actorId, int errorCount, string field);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Installation {InstallationId} provisioning moved from {From} to {To}")]
    public static partial void PhaseChanged(ILogger logger, string installationId, string from, string to);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "Installation {InstallationId} requested member account {Number} ({AccountName}); request {RequestId}")]
    public static partial void AccountRequested(ILogger logger, string installationId, int number, string accountName, string requestId);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Installation {InstallationId} uses account {AccountId} as member account {Number} ({AccountName})")]
    public static partial void AccountReady(ILogger logger, string installationId, string accountId, int number, string accountName);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Warning, Message = "Installation {InstallationId} provisioning step {Phase} failed; retrying in {RetryDelay}")]
    public static partial void StepRetry(ILogger logger, Exception exception, string installationId, string phase, TimeSpan retryDelay);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Error, Message = "Installation {InstallationId} provisioning stopped: {Reason}")]
    public static partial void ProvisioningStopped(ILogger logger, string installationId, string reason);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Warning, Message = "Installation {InstallationId}: provisioning honeytoken {TokenId} failed; it is retried at the next step")]
    public static partial void TokenRetry(ILogger logger, Exception exception, string installationId, Guid tokenId);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Warning, Message = "Installation {InstallationId}: honeytoken {TokenId} failed for good and is replaced: {Reason}")]
    public static partial void TokenFailed(ILogger logger, string installationId, Guid tokenId, string? reason);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Information, Message = "Installation {InstallationId} pool is full: {Available} keys available, {Provisioned} provisioned since the upload")]
    public static partial void PoolFull(ILogger logger, string installationId, int available, int provisioned);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Error, Message = "Installation {InstallationId} could not decrypt its stored configuration; upload it again")]
    public static partial void ConfigurationUnreadable(ILogger logger, Exception exception, string installationId);
}
