namespace Honeytoken.Bench.Logs.Generation;

/// <summary>One generated log file: its S3 object key, its gzipped content and what it contains.</summary>
/// <param name="Key">The object key in CloudTrail's layout.</param>
/// <param name="Content">The gzipped <c>{"Records":[…]}</c> document.</param>
/// <param name="UncompressedBytes">The size of the JSON document before compression.</param>
/// <param name="Records">The number of records.</param>
/// <param name="HoneytokenRecords">The number of records made with a honeytoken access key.</param>
public sealed record GeneratedLogFile(string Key, byte[] Content, long UncompressedBytes, int Records, int HoneytokenRecords);
