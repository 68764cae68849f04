namespace Honeytoken.Grains.Events;

/// <summary>
/// Raised when a CloudTrail log file cannot be read: invalid gzip, invalid JSON, a file that
/// is not a <c>{"Records":[…]}</c> document, or a record over the size limit. The log-file
/// grain quarantines the object with <see cref="Reason"/> and <see cref="Offset"/>.
/// </summary>
public sealed class CloudTrailLogFormatException : Exception
{
    /// <summary>Creates the error for a failure at <paramref name="offset"/>.</summary>
    public CloudTrailLogFormatException(string reason, long offset, Exception? innerException = null)
        : base($"Invalid CloudTrail log file at decompressed byte offset {offset}: {reason}", innerException)
    {
        Reason = reason;
        Offset = offset;
    }

    /// <summary>What is wrong with the file.</summary>
    public string Reason { get; }

    /// <summary>
    /// The byte offset in the decompressed file where reading stopped: the start of the record
    /// or token that could not be read.
    /// </summary>
    public long Offset { get; }
}
