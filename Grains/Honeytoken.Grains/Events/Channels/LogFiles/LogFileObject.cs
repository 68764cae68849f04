namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>An S3 object named by a log-file notification.</summary>
/// <param name="Bucket">The bucket name.</param>
/// <param name="Key">The decoded object key, as GetObject expects it.</param>
/// <param name="Kind">The kind of object, judged from the key.</param>
public sealed record LogFileObject(string Bucket, string Key, CloudTrailObjectKind Kind);
