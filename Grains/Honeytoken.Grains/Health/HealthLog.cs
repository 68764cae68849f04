using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Health;

/// <summary>Log messages of the health checks, event ids 7000 to 7099.</summary>
internal static partial class HealthLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Health check {Check} of installation {InstallationId} started")]
    public static partial void CheckStarted(ILogger logger, string check, string installationId);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Health check {Check} of installation {InstallationId} finished with status {Status}")]
    public static partial void CheckFinished(ILogger logger, string check, string installationId, string status);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "AWS-access step {Step} failed with {ErrorCode}")]
    public static partial void AwsAccessStepFailed(ILogger logger, string step, string errorCode, Exception exception);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Throwaway IAM user {UserName} of the AWS-access check could not be deleted; delete it by hand")]
    public static partial void ThrowawayUserLeft(ILogger logger, string userName, Exception exception);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Created probe key {AccessKeyId} of IAM user {UserName} in account {AccountId} for installation {InstallationId}")]
    public static partial void ProbeKeyCreated(ILogger logger, string accessKeyId, string userName, string accountId, string installationId);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Probe key of installation {InstallationId} could not be created: {ErrorCode}")]
    public static partial void ProbeKeyFailed(ILogger logger, string installationId, string errorCode, Exception exception);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "Probe call with key {AccessKeyId} failed: {ErrorCode}")]
    public static partial void ProbeCallFailed(ILogger logger, string accessKeyId, string errorCode, Exception exception);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Debug, Message = "Probe event of request {RequestId} arrived through {Channel}")]
    public static partial void ProbeEventObserved(ILogger logger, string? requestId, string channel);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Information, Message = "Probe event of request {RequestId} through {Channel} matches no watched probe call; it is kept as the channel's last event only")]
    public static partial void ProbeEventUnmatched(ILogger logger, string? requestId, string channel);

    [LoggerMessage(EventId = 7015, Level = LogLevel.Information, Message = "Deleted old probe key {AccessKeyId} of IAM user {UserName}")]
    public static partial void OldProbeKeyDeleted(ILogger logger, string accessKeyId, string userName);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Information, Message = "Silo {SiloAddress} left the cluster; its node results were dropped")]
    public static partial void NodeDropped(ILogger logger, string siloAddress);

    [LoggerMessage(EventId = 7030, Level = LogLevel.Warning, Message = "Reception check of installation {InstallationId} failed to run")]
    public static partial void ReceptionRunFailed(ILogger logger, string installationId, Exception exception);
}
