using Microsoft.Extensions.Logging;

namespace Honeytoken.Silo.Storage;

/// <summary>
/// Log messages of <see cref="DatabaseMigrator"/>. Event ids 1000 to 1099 are reserved for it.
/// </summary>
internal static partial class MigrationLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "Another process holds the migration lock on database {Database}; waiting up to {TimeoutSeconds} s for it to finish")]
    public static partial void WaitingForLock(ILogger logger, string database, double timeoutSeconds);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Applying database migration {Version} ({Name}) to database {Database}")]
    public static partial void Applying(ILogger logger, int version, string name, string database);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information,
        Message = "Applied database migration {Version} ({Name}) in {ElapsedMilliseconds} ms")]
    public static partial void Applied(ILogger logger, int version, string name, long elapsedMilliseconds);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information,
        Message = "Database {Database} is up to date at schema version {Version}")]
    public static partial void UpToDate(ILogger logger, string database, int version);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning,
        Message = "Database {Database} has migration {Version} ({Name}) applied that this build does not contain; a newer build probably applied it")]
    public static partial void UnknownApplied(ILogger logger, string database, int version, string name);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error,
        Message = "Database migration {Version} ({Name}) failed and was rolled back")]
    public static partial void Failed(ILogger logger, Exception exception, int version, string name);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error,
        Message = "Applied database migration {Version} ({Name}) has checksum {AppliedChecksum}, but this build's file has {FileChecksum}")]
    public static partial void ChecksumMismatch(ILogger logger, int version, string name, string appliedChecksum, string fileChecksum);
}
