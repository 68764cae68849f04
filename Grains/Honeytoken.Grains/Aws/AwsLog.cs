using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Aws;

/// <summary>Log messages of the AWS clients. Event ids 4100–4199 belong to this class.</summary>
internal static partial class AwsLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Retrying {Service} {Operation}: attempt {Attempt} of {MaxAttempts} after error {ErrorCode}, waiting {DelayMs:F0} ms")]
    public static partial void RetryingCall(
        ILogger logger, string service, string operation, int attempt, int maxAttempts, string errorCode, double delayMs);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information,
        Message = "Assumed role {RoleArn} as session {SessionName}; credentials {AccessKeyId} expire at {Expiration:O}")]
    public static partial void AssumedRole(
        ILogger logger, string roleArn, string sessionName, string accessKeyId, DateTime expiration);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Error,
        Message = "Failed to assume role {RoleArn} as session {SessionName}")]
    public static partial void AssumeRoleFailed(ILogger logger, Exception exception, string roleArn, string sessionName);
}
