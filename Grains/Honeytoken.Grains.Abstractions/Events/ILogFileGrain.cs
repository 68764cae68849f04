using Orleans.Concurrency;

namespace Honeytoken.Grains.Events;

/// <summary>
/// Exactly-once processing of one CloudTrail log object, keyed by <see cref="LogFileKeys"/>
/// (bucket and object key). A reminder resumes the work after a silo dies.
/// </summary>
public interface ILogFileGrain : IGrainWithStringKey
{
    /// <summary>
    /// Marks the object pending and starts processing it in the background. Does nothing for
    /// an object that is done or quarantined. Interleaves with a running processing pass, so
    /// that a notification is acknowledged without waiting for the file.
    /// </summary>
    [AlwaysInterleave]
    Task<LogFileStatus> EnqueueAsync(string channel);

    /// <summary>Fetches, parses and routes the object now, unless it is done or quarantined.</summary>
    Task<LogFileStatus> ProcessAsync();

    /// <summary>Moves a quarantined object back to pending and processes it again.</summary>
    Task<LogFileStatus> RetryAsync();

    /// <summary>Returns the processing state.</summary>
    [AlwaysInterleave]
    Task<LogFileStatus> GetStatusAsync();
}

/// <summary>Where the processing of a log object is.</summary>
[GenerateSerializer]
public enum LogFileState
{
    /// <summary>Never announced.</summary>
    Unknown = 0,

    /// <summary>Announced and not processed completely yet.</summary>
    Pending = 1,

    /// <summary>Every record was read and routed.</summary>
    Done = 2,

    /// <summary>The object could not be parsed; it waits for an administrator's retry.</summary>
    Quarantined = 3,
}

/// <summary>The state of one log object.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.log-file-status.v1")]
public sealed record LogFileStatus(
    [property: Id(0)] LogFileState State,
    [property: Id(1)] int Attempts,
    [property: Id(2)] int RecordsRead,
    [property: Id(3)] int EventsRouted,
    [property: Id(4)] string? QuarantineReason,
    [property: Id(5)] long? QuarantineOffset);

/// <summary>Builds and splits the keys of <see cref="ILogFileGrain"/>.</summary>
public static class LogFileKeys
{
    /// <summary>
    /// Returns <c>bucket/key</c>. S3 bucket names cannot contain a slash, so the first slash
    /// always separates the two.
    /// </summary>
    public static string Create(string bucket, string key) => bucket + "/" + key;

    /// <summary>Splits a key made by <see cref="Create"/>.</summary>
    public static (string Bucket, string Key) Split(string grainKey)
    {
        var slash = grainKey.IndexOf('/', StringComparison.Ordinal);
        return (grainKey[..slash], grainKey[(slash + 1)..]);
    }
}
