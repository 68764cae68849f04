namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>
/// Classifies S3 object keys of a CloudTrail bucket. CloudTrail writes log files under
/// <c>[prefix/]AWSLogs/[o-org/]account/CloudTrail/region/yyyy/mm/dd/</c> and digests under a
/// sibling <c>CloudTrail-Digest</c> folder, with file names such as
/// <c>account_CloudTrail_region_time_unique.json.gz</c>. Trail names may contain underscores,
/// so the file name is never split on them.
/// </summary>
public static class CloudTrailObjectKey
{
    /// <summary>Returns what the object with the decoded key <paramref name="key"/> contains.</summary>
    public static CloudTrailObjectKind Classify(string key)
    {
        ArgumentNullException.ThrowIfNull(key);

        var fileName = key[(key.LastIndexOf('/') + 1)..];
        if (HasSegment(key, "CloudTrail-Digest") || fileName.Contains("_CloudTrail-Digest_", StringComparison.Ordinal))
        {
            return CloudTrailObjectKind.Digest;
        }

        if (HasSegment(key, "CloudTrail-Insight") || fileName.Contains("_CloudTrail-Insight_", StringComparison.Ordinal))
        {
            return CloudTrailObjectKind.Insight;
        }

        var isLogName = fileName.EndsWith(".json.gz", StringComparison.Ordinal) || fileName.EndsWith(".json", StringComparison.Ordinal);
        if (isLogName && (HasSegment(key, "CloudTrail") || fileName.Contains("_CloudTrail_", StringComparison.Ordinal)))
        {
            return CloudTrailObjectKind.LogFile;
        }

        return CloudTrailObjectKind.Other;
    }

    /// <summary>Returns whether <paramref name="segment"/> is one of the folders in <paramref name="key"/>.</summary>
    private static bool HasSegment(string key, string segment)
    {
        var folders = key.AsSpan(0, Math.Max(key.LastIndexOf('/'), 0));
        foreach (var range in folders.Split('/'))
        {
            if (folders[range].SequenceEqual(segment))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Decodes an object key as S3 writes it in event notifications: <c>+</c> is a space and
    /// <c>%XX</c> is a UTF-8 byte. Decoding happens once, so a decoded <c>%</c> or <c>+</c> stays.
    /// </summary>
    public static string DecodeNotificationKey(string encodedKey)
    {
        ArgumentNullException.ThrowIfNull(encodedKey);

        return System.Net.WebUtility.UrlDecode(encodedKey);
    }
}
