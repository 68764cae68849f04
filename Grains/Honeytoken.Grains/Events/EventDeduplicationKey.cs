using System.Security.Cryptography;
using System.Text;

namespace Honeytoken.Grains.Events;

/// <summary>
/// Builds the key on which stored events are deduplicated across channels.
/// </summary>
/// <remarks>
/// The key is <c>eventID</c>, <c>eventName</c> and <c>eventTime</c> together, because some
/// published samples reuse one <c>eventID</c> for different events. A record without
/// <c>eventID</c> gets a SHA-256 of the fields that identify the call in every channel, so two
/// deliveries of it still share a key.
/// </remarks>
public static class EventDeduplicationKey
{
    /// <summary>Returns the deduplication key of <paramref name="record"/>.</summary>
    public static string Create(CloudTrailRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);

        var id = string.IsNullOrEmpty(record.EventId) ? "sha256:" + HashIdentifyingFields(record) : record.EventId;
        return string.Join('|', id, record.EventName ?? string.Empty, record.EventTimeText ?? string.Empty);
    }

    private static string HashIdentifyingFields(CloudTrailRecord record)
    {
        // Each field is written with its length first, so no two field lists give the same text.
        var text = new StringBuilder();
        foreach (var field in (ReadOnlySpan<string?>)[
            record.EventTimeText,
            record.EventSource,
            record.EventName,
            record.AwsRegion,
            record.RequestId,
            record.UserIdentity?.AccessKeyId,
            record.UserIdentity?.Arn,
            record.SourceIpAddress,
            record.UserAgent])
        {
            text.Append(field?.Length ?? -1).Append(':').Append(field);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
