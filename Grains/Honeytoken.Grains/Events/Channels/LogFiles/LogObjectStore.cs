using Amazon.S3.Model;
using Honeytoken.Grains.Setup;

namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>A page of object keys under the log prefix, and the bucket that contains them.</summary>
public sealed record LogObjectPage(string Bucket, IReadOnlyList<string> Keys, string? ContinuationToken);

/// <summary>
/// Reads CloudTrail log objects through the S3 access point of the installation, with the
/// management role's credentials.
/// </summary>
public sealed class LogObjectStore(ITenantAwsClients aws)
{
    /// <summary>Opens the object for streaming. The caller disposes the response.</summary>
    /// <exception cref="Amazon.S3.AmazonS3Exception">S3 rejected the request, for example with NoSuchKey.</exception>
    public async Task<GetObjectResponse> OpenAsync(HoneytokenConfiguration configuration, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var request = new GetObjectRequest { BucketName = configuration.Logs.AccessPointArn, Key = key };
        return await aws.LogBucket(configuration).GetObjectAsync(request, cancellationToken);
    }

    /// <summary>
    /// Lists one page of keys under <paramref name="prefix"/>, after <paramref name="startAfter"/>
    /// on the first page and after <paramref name="continuationToken"/> on the next ones.
    /// </summary>
    public async Task<LogObjectPage> ListAsync(
        HoneytokenConfiguration configuration, string prefix, string? startAfter, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var request = new ListObjectsV2Request
        {
            BucketName = configuration.Logs.AccessPointArn,
            Prefix = prefix,
            StartAfter = continuationToken is null ? startAfter : null,
            ContinuationToken = continuationToken,
            MaxKeys = 1000,
        };
        var response = await aws.LogBucket(configuration).ListObjectsV2Async(request, cancellationToken);
        var keys = (response.S3Objects ?? []).Select(item => item.Key).ToList();

        // TODO: AWS may name the access point here instead of the bucket. Notifications would
        // then use another grain key for the same object, so it is read twice, although its
        // events still deduplicate. Checked only against the emulator.
        var bucket = string.IsNullOrEmpty(response.Name) ? configuration.Logs.AccessPointArn : response.Name;
        return new LogObjectPage(bucket, keys, response.IsTruncated == true ? response.NextContinuationToken : null);
    }

    /// <summary>
    /// Returns the folders directly under <paramref name="prefix"/>: the common prefixes of a
    /// listing with the delimiter <c>/</c>, over all pages.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListFoldersAsync(HoneytokenConfiguration configuration, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var folders = new List<string>();
        string? continuationToken = null;
        do
        {
            var request = new ListObjectsV2Request
            {
                BucketName = configuration.Logs.AccessPointArn,
                Prefix = prefix,
                Delimiter = "/",
                ContinuationToken = continuationToken,
                MaxKeys = 1000,
            };
            var response = await aws.LogBucket(configuration).ListObjectsV2Async(request, cancellationToken);
            folders.AddRange(response.CommonPrefixes ?? []);
            continuationToken = response.IsTruncated == true ? response.NextContinuationToken : null;
        }
        while (continuationToken is not null);

        return folders;
    }
}
