namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>An object named by a notification that the service does not read.</summary>
/// <param name="Bucket">The bucket name.</param>
/// <param name="Key">The decoded object key.</param>
/// <param name="Reason">Why it is skipped.</param>
public sealed record SkippedLogFileObject(string Bucket, string Key, LogFileObjectSkipReason Reason);
