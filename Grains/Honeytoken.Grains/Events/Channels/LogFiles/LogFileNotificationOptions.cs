namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>Which objects of a log-file notification the service reads.</summary>
public sealed class LogFileNotificationOptions
{
    /// <summary>
    /// The key prefix under which the trail writes, such as <c>audit logs/</c>, decoded. Objects
    /// outside it are skipped. Default empty: every key.
    /// </summary>
    public string ObjectKeyPrefix { get; set; } = string.Empty;
}
