namespace Honeytoken.Bench.Logs.Generation;

/// <summary>The size and content of a set of generated CloudTrail log files.</summary>
public sealed record CloudTrailLogOptions
{
    /// <summary>The number of log files. Default 200.</summary>
    public int Files { get; init; } = 200;

    /// <summary>The number of records in each file. Default 10,000.</summary>
    public int RecordsPerFile { get; init; } = 10_000;

    /// <summary>The share of records, from 0 to 1, made with a honeytoken access key. Default 0.01.</summary>
    public double HoneytokenRate { get; init; } = 0.01;

    /// <summary>The honeytoken access key ids that the hits use, in turn. Must not be empty when the rate is above 0.</summary>
    public IReadOnlyList<string> HoneytokenAccessKeyIds { get; init; } = [];

    /// <summary>The account whose trail writes the files.</summary>
    public string AccountId { get; init; } = "111122223333";

    /// <summary>The region of the files' object keys.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The end time of the first file's five-minute window; each later file is five minutes later.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The seed of the random choices; the same options give byte-identical files.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Files);
        ArgumentOutOfRangeException.ThrowIfNegative(RecordsPerFile);
        if (HoneytokenRate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HoneytokenRate), HoneytokenRate, "The honeytoken rate must be between 0 and 1.");
        }

        if (HoneytokenRate > 0 && HoneytokenAccessKeyIds.Count == 0)
        {
            throw new ArgumentException("A honeytoken rate above 0 needs at least one honeytoken access key id.", nameof(HoneytokenAccessKeyIds));
        }
    }
}
