namespace Honeytoken.AwsEmulator;

/// <summary>Log messages of the emulator, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "AWS emulator listening on {BaseUri} for account {AccountId}")]
    public static partial void Started(ILogger logger, Uri baseUri, string accountId);

    [LoggerMessage(2, LogLevel.Information, "AWS emulator stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(3, LogLevel.Information, "Loaded seed {SeedFile}")]
    public static partial void SeedLoaded(ILogger logger, string seedFile);

    [LoggerMessage(4, LogLevel.Information, "Restored state from {StateFile}")]
    public static partial void StateRestored(ILogger logger, string stateFile);

    [LoggerMessage(10, LogLevel.Information, "Rejected {Service}:{Action} signed with unknown access key {AccessKeyId}")]
    public static partial void UnknownAccessKey(ILogger logger, string accessKeyId, string service, string action);

    [LoggerMessage(11, LogLevel.Information, "{Service}:{Action} by {AccessKeyId} failed with {ErrorCode}")]
    public static partial void CallFailed(ILogger logger, string service, string action, string accessKeyId, string errorCode);

    [LoggerMessage(12, LogLevel.Information, "Injected {Fault} into {Service}:{Action}")]
    public static partial void FaultInjected(ILogger logger, string fault, string service, string action);

    [LoggerMessage(20, LogLevel.Information, "Delivered {Kind} to {Url} with status {StatusCode} on attempt {Attempt}")]
    public static partial void Delivered(ILogger logger, string kind, string url, int statusCode, int attempt);

    [LoggerMessage(21, LogLevel.Warning, "Delivery of {Kind} to {Url} failed on attempt {Attempt}; retrying in {Delay}")]
    public static partial void DeliveryRetry(ILogger logger, string kind, string url, int attempt, TimeSpan delay);

    [LoggerMessage(28, LogLevel.Warning, "Delivery of {Kind} to {Url} could not connect on attempt {Attempt}")]
    public static partial void DeliveryFailed(ILogger logger, string kind, string url, int attempt, Exception exception);

    [LoggerMessage(22, LogLevel.Error, "Gave up delivering {Kind} to {Url} after {Attempts} attempts")]
    public static partial void DeliveryAbandoned(ILogger logger, string kind, string url, int attempts);

    [LoggerMessage(23, LogLevel.Information, "Dropped SNS notification {MessageId} on purpose, as the fault settings ask")]
    public static partial void SnsDropped(ILogger logger, string messageId);

    [LoggerMessage(24, LogLevel.Information, "Wrote log file s3://{Bucket}/{Key} with {Count} records")]
    public static partial void LogFileWritten(ILogger logger, string bucket, string key, int count);

    [LoggerMessage(25, LogLevel.Information, "SNS subscription {SubscriptionId} to {Endpoint} confirmed")]
    public static partial void SubscriptionConfirmed(ILogger logger, string subscriptionId, string endpoint);

    [LoggerMessage(26, LogLevel.Error, "Writing log files failed")]
    public static partial void LogFileWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(27, LogLevel.Error, "Saving state to {StateFile} failed")]
    public static partial void StateSaveFailed(ILogger logger, string stateFile, Exception exception);
}
