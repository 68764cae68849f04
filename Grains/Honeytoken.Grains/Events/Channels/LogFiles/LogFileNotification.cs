namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>The objects that one SNS notification announces.</summary>
/// <param name="Kind">The notification format.</param>
/// <param name="LogFiles">The CloudTrail log files to fetch and read.</param>
/// <param name="Skipped">The other objects it named, with the reason each is not read.</param>
public sealed record LogFileNotification(
    LogFileNotificationKind Kind,
    IReadOnlyList<LogFileObject> LogFiles,
    IReadOnlyList<SkippedLogFileObject> Skipped);
