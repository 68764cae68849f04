namespace Honeytoken.AwsEmulator.State;

/// <summary>The organization trail that writes every recorded call to the log bucket.</summary>
public sealed class TrailState
{
    public string Name { get; set; } = "honeytoken-trail";

    /// <summary>Bucket that receives log files; null disables log files.</summary>
    public string? BucketName { get; set; }

    /// <summary>Home region of the trail, used in digest file names.</summary>
    public string HomeRegion { get; set; } = "us-west-2";

    /// <summary>
    /// Actions (<c>service:Action</c>) that write no record but still update the key's
    /// last-used data, as some AWS APIs do.
    /// </summary>
    public List<string> UnloggedActions { get; set; } = [];

    /// <summary>Key of the newest digest file, which the next digest file references.</summary>
    public string? PreviousDigestKey { get; set; }

    /// <summary>Hex SHA-256 of the uncompressed newest digest file.</summary>
    public string? PreviousDigestHash { get; set; }
}
