namespace Honeytoken.Grains.Events;

/// <summary>
/// Size limits applied while parsing CloudTrail records. The defaults keep request parameters
/// of 100 KB and more, which real records contain, and bound the memory that one hostile
/// record can take.
/// </summary>
public sealed record CloudTrailParserLimits
{
    /// <summary>The default limits.</summary>
    public static CloudTrailParserLimits Default { get; } = new();

    /// <summary>
    /// The maximum size in bytes of <c>requestParameters</c> and of <c>responseElements</c>
    /// kept for storage. Default 128 KiB. Longer values are cut and flagged.
    /// </summary>
    public int MaxFieldBytes { get; init; } = 128 * 1024;

    /// <summary>The maximum size in bytes of the raw record kept for storage. Default 256 KiB.</summary>
    public int MaxRawRecordBytes { get; init; } = 256 * 1024;

    /// <summary>
    /// The maximum size in bytes of one record in a log file. Default 16 MiB. A larger record
    /// makes the file fail with a format error instead of growing the read buffer further.
    /// </summary>
    public int MaxRecordBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// The maximum size in bytes of a decompressed log file. Default 2 GiB minus 1, which
    /// stops a compressed file that expands without end.
    /// </summary>
    public long MaxFileBytes { get; init; } = int.MaxValue;
}
