namespace Honeytoken.Grains.Events.Channels.CatchUp;

/// <summary>The place of a folder of the log bucket in CloudTrail's layout.</summary>
public enum CloudTrailFolderKind
{
    /// <summary>A folder above the region folders: the trail's key prefix, <c>AWSLogs/</c>, an organization or <c>CloudTrail/</c>.</summary>
    Walk,

    /// <summary>The folder of one account, which contains <c>CloudTrail/</c> and sibling folders such as <c>CloudTrail-Digest/</c>.</summary>
    Account,

    /// <summary>The folder of one account and region, which contains the day folders <c>yyyy/MM/dd/</c>.</summary>
    Region,

    /// <summary>A folder that contains no log files, such as <c>CloudTrail-Digest/</c>, or one below a region folder.</summary>
    Other,
}

/// <summary>
/// Classifies folders of a CloudTrail bucket, laid out as
/// <c>[prefix/]AWSLogs/[o-org/]account/CloudTrail/region/yyyy/MM/dd/</c>.
/// </summary>
public static class CloudTrailFolder
{
    /// <summary>Returns the place of <paramref name="folder"/>, a key prefix that ends with <c>/</c>.</summary>
    public static CloudTrailFolderKind Classify(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);

        var segments = folder.TrimEnd('/').Split('/');
        var awsLogs = Array.LastIndexOf(segments, "AWSLogs");
        if (awsLogs < 0)
        {
            return CloudTrailFolderKind.Walk;
        }

        // Levels below AWSLogs, not counting the organization folder of an organization trail.
        var last = segments.Length - 1;
        var hasOrganization = last > awsLogs && segments[awsLogs + 1].StartsWith("o-", StringComparison.Ordinal);
        var level = last - awsLogs - (hasOrganization ? 1 : 0);
        return level switch
        {
            0 => CloudTrailFolderKind.Walk,
            1 when IsAccountId(segments[last]) => CloudTrailFolderKind.Account,
            2 when segments[last] == "CloudTrail" && IsAccountId(segments[last - 1]) => CloudTrailFolderKind.Walk,
            3 when segments[last - 1] == "CloudTrail" && IsAccountId(segments[last - 2]) => CloudTrailFolderKind.Region,
            _ => CloudTrailFolderKind.Other,
        };
    }

    private static bool IsAccountId(string segment) => segment.Length == 12 && segment.All(char.IsAsciiDigit);
}
