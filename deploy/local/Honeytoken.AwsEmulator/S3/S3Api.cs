using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Honeytoken.AwsEmulator.Protocol;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.S3;

/// <summary>
/// Amazon S3 over REST with XML: ListBuckets, CreateBucket, HeadBucket, GetBucketLocation,
/// DeleteBucket, PutObject, GetObject, HeadObject, ListObjectsV2 and DeleteObject, on
/// buckets and on access points.
/// </summary>
public sealed class S3Api(EmulatorState state, S3ObjectStore store, TimeProvider timeProvider) : AwsApi, IDataEventSource
{
    private static readonly XNamespace Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    public override string SigningName => "s3";

    public override string EventSource => "s3.amazonaws.com";

    public override string? ResolveAction(HttpContext http, IReadOnlyDictionary<string, string> parameters)
    {
        var target = Target(http);
        var method = http.Request.Method;
        if (target.Bucket is null && target.AccessPoint is null)
        {
            return method == "GET" ? "ListBuckets" : null;
        }

        if (target.Key is null)
        {
            return method switch
            {
                "GET" when parameters.ContainsKey("location") => "GetBucketLocation",
                "GET" when parameters.GetValueOrDefault("list-type") == "2" => "ListObjectsV2",
                "GET" => "ListObjects",
                "PUT" => "CreateBucket",
                "HEAD" => "HeadBucket",
                "DELETE" => "DeleteBucket",
                _ => null,
            };
        }

        return method switch
        {
            "GET" => "GetObject",
            "PUT" => "PutObject",
            "HEAD" => "HeadObject",
            "DELETE" => "DeleteObject",
            _ => null,
        };
    }

    // CloudTrail logs ListObjectsV2 calls under the name ListObjects.
    public override string EventName(string action) => action == "ListObjectsV2" ? "ListObjects" : action;

    public override bool IsReadOnly(string action) =>
        action is "ListBuckets" or "GetBucketLocation" or "ListObjects" or "ListObjectsV2" or "HeadBucket" or "GetObject" or "HeadObject";

    public override string ResourceOf(AwsCall call)
    {
        var target = Target(call.Http);
        return target.Key is null ? $"arn:aws:s3:::{target.Bucket}" : $"arn:aws:s3:::{target.Bucket}/{target.Key}";
    }

    public JsonArray? DataEventDetails(AwsCall call)
    {
        if (call.Action is not ("GetObject" or "PutObject" or "HeadObject" or "DeleteObject" or "ListObjects" or "ListObjectsV2"))
        {
            return null;
        }

        var target = Target(call.Http);
        var resources = new JsonArray();
        if (target.Key is not null)
        {
            resources.Add(new JsonObject { ["type"] = "AWS::S3::Object", ["ARN"] = $"arn:aws:s3:::{target.Bucket}/{target.Key}" });
        }

        resources.Add(new JsonObject { ["accountId"] = OwnerOf(target.Bucket), ["type"] = "AWS::S3::Bucket", ["ARN"] = $"arn:aws:s3:::{target.Bucket}" });
        if (target.AccessPoint is not null)
        {
            resources.Add(new JsonObject
            {
                ["accountId"] = target.AccessPointAccountId,
                ["type"] = "AWS::S3::AccessPoint",
                ["ARN"] = $"arn:aws:s3:{call.Region}:{target.AccessPointAccountId}:accesspoint/{target.AccessPoint}",
            });
        }

        return resources;
    }

    public override JsonObject? RequestParameters(AwsCall call)
    {
        var target = Target(call.Http);
        var parameters = new JsonObject();
        if (target.Bucket is not null)
        {
            parameters["bucketName"] = target.Bucket;
        }

        parameters["Host"] = call.Http.Request.Host.Value;
        if (target.Key is not null)
        {
            parameters["key"] = target.Key;
        }

        foreach (var (name, value) in call.Parameters.Where(p => !p.Key.StartsWith("X-Amz-", StringComparison.Ordinal)))
        {
            parameters[name] = value;
        }

        return parameters;
    }

    public override Task<AwsResult> InvokeAsync(AwsCall call, CancellationToken cancellationToken)
    {
        var target = Target(call.Http);
        if (target.AccessPoint is not null && target.Bucket is null)
        {
            throw new AwsServiceException("NoSuchAccessPoint", "The specified accesspoint does not exist", 404);
        }

        return Task.FromResult(call.Action switch
        {
            "ListBuckets" => ListBuckets(call),
            "CreateBucket" => CreateBucket(call, target.Bucket!),
            "HeadBucket" => HeadBucket(target.Bucket!),
            "GetBucketLocation" => GetBucketLocation(target.Bucket!),
            "DeleteBucket" => DeleteBucket(target.Bucket!),
            "ListObjectsV2" => ListObjectsV2(call, target.Bucket!),
            "PutObject" => PutObject(call, target.Bucket!, target.Key!),
            "GetObject" => GetObject(target.Bucket!, target.Key!, includeBody: true),
            "HeadObject" => GetObject(target.Bucket!, target.Key!, includeBody: false),
            "DeleteObject" => DeleteObject(target.Bucket!, target.Key!),
            _ => throw new AwsServiceException("NotImplemented", $"A header or query you provided implies functionality that is not implemented ({call.Action}).", 501),
        });
    }

    private AwsResult ListBuckets(AwsCall call)
    {
        List<BucketState> buckets;
        lock (state.Gate)
        {
            buckets = state.Buckets.Values.Where(b => b.OwnerAccountId == call.Caller.AccountId).OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
        }

        return Xml(new XElement(Namespace + "ListAllMyBucketsResult",
            new XElement(Namespace + "Owner", new XElement(Namespace + "ID", call.Caller.AccountId)),
            new XElement(Namespace + "Buckets", buckets.Select(b => new XElement(Namespace + "Bucket",
                new XElement(Namespace + "Name", b.Name),
                new XElement(Namespace + "CreationDate", Timestamp(b.CreatedAt)))))));
    }

    private AwsResult CreateBucket(AwsCall call, string bucketName)
    {
        var region = call.Region;
        if (call.Body.Length > 0)
        {
            var location = XDocument.Parse(Encoding.UTF8.GetString(call.Body)).Descendants().FirstOrDefault(e => e.Name.LocalName == "LocationConstraint");
            region = location?.Value is { Length: > 0 } value ? value : region;
        }

        lock (state.Gate)
        {
            if (state.Buckets.TryGetValue(bucketName, out var existing))
            {
                throw existing.OwnerAccountId == call.Caller.AccountId
                    ? new AwsServiceException("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409)
                    : new AwsServiceException("BucketAlreadyExists", "The requested bucket name is not available.", 409);
            }

            state.Buckets[bucketName] = new BucketState { Name = bucketName, Region = region, OwnerAccountId = call.Caller.AccountId, CreatedAt = timeProvider.GetUtcNow() };
        }

        return new AwsResult { ContentType = "", Body = [], Headers = { ["Location"] = "/" + bucketName } };
    }

    private AwsResult HeadBucket(string bucketName)
    {
        var bucket = Bucket(bucketName);
        return new AwsResult { ContentType = "", Body = [], Headers = { ["x-amz-bucket-region"] = bucket.Region } };
    }

    private AwsResult GetBucketLocation(string bucketName)
    {
        var bucket = Bucket(bucketName);

        // S3 reports us-east-1 as an empty location constraint.
        return Xml(new XElement(Namespace + "LocationConstraint", bucket.Region == "us-east-1" ? "" : bucket.Region));
    }

    private AwsResult DeleteBucket(string bucketName)
    {
        lock (state.Gate)
        {
            var bucket = Bucket(bucketName);
            if (bucket.Objects.Count > 0)
            {
                throw new AwsServiceException("BucketNotEmpty", "The bucket you tried to delete is not empty", 409);
            }

            state.Buckets.Remove(bucketName);
        }

        return new AwsResult { StatusCode = 204, ContentType = "", Body = [] };
    }

    private AwsResult ListObjectsV2(AwsCall call, string bucketName)
    {
        var prefix = call.Optional("prefix") ?? "";
        var delimiter = call.Optional("delimiter");
        var startAfter = call.Optional("start-after");
        var token = call.Optional("continuation-token");
        var urlEncoding = call.Optional("encoding-type") == "url";
        var maxKeys = 1000;
        if (call.Optional("max-keys") is { } maxText
            && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxKeys) || maxKeys > 1000))
        {
            maxKeys = maxKeys > 1000 ? 1000 : throw new AwsServiceException("InvalidArgument", $"Provided max-keys not an integer or within integer range: {maxText}");
        }

        // The continuation token is opaque to clients. It carries the last entry returned, a key
        // or a common prefix. After a common prefix, the next page skips every key under it,
        // because S3 returns each common prefix once per listing.
        string? after = startAfter;
        string? afterPrefix = null;
        if (token is not null)
        {
            var marker = DecodeContinuationToken(token);
            after = marker[2..];
            afterPrefix = marker.StartsWith("p:", StringComparison.Ordinal) ? after : null;
        }

        var contents = new List<(string Key, S3ObjectState Item)>();
        var commonPrefixes = new SortedSet<string>(StringComparer.Ordinal);
        string? lastEntry = null;
        var truncated = false;
        lock (state.Gate)
        {
            foreach (var (key, item) in Bucket(bucketName).Objects)
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal)
                    || (after is not null && string.CompareOrdinal(key, after) <= 0)
                    || (afterPrefix is not null && key.StartsWith(afterPrefix, StringComparison.Ordinal)))
                {
                    continue;
                }

                var rest = key[prefix.Length..];
                var cut = delimiter is { Length: > 0 } ? rest.IndexOf(delimiter, StringComparison.Ordinal) : -1;
                var commonPrefix = cut >= 0 ? prefix + rest[..(cut + delimiter!.Length)] : null;
                if (commonPrefix is not null && commonPrefixes.Contains(commonPrefix))
                {
                    continue;
                }

                if (contents.Count + commonPrefixes.Count >= maxKeys)
                {
                    truncated = true;
                    break;
                }

                if (commonPrefix is not null)
                {
                    commonPrefixes.Add(commonPrefix);
                    lastEntry = "p:" + commonPrefix;
                }
                else
                {
                    contents.Add((key, item));
                    lastEntry = "k:" + key;
                }
            }
        }

        string Encode(string value) => urlEncoding ? Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal) : value;

        var result = new XElement(Namespace + "ListBucketResult",
            new XElement(Namespace + "Name", bucketName),
            new XElement(Namespace + "Prefix", Encode(prefix)),
            new XElement(Namespace + "KeyCount", contents.Count + commonPrefixes.Count),
            new XElement(Namespace + "MaxKeys", maxKeys),
            delimiter is null ? null : new XElement(Namespace + "Delimiter", Encode(delimiter)),
            new XElement(Namespace + "IsTruncated", truncated ? "true" : "false"),
            contents.Select(c => new XElement(Namespace + "Contents",
                new XElement(Namespace + "Key", Encode(c.Key)),
                new XElement(Namespace + "LastModified", Timestamp(c.Item.LastModified)),
                new XElement(Namespace + "ETag", c.Item.ETag),
                new XElement(Namespace + "Size", c.Item.Content.Length),
                new XElement(Namespace + "StorageClass", "STANDARD"))),
            commonPrefixes.Select(p => new XElement(Namespace + "CommonPrefixes", new XElement(Namespace + "Prefix", Encode(p)))),
            token is null ? null : new XElement(Namespace + "ContinuationToken", token),
            truncated && lastEntry is not null ? new XElement(Namespace + "NextContinuationToken", Convert.ToBase64String(Encoding.UTF8.GetBytes(lastEntry))) : null,
            startAfter is null ? null : new XElement(Namespace + "StartAfter", Encode(startAfter)),
            urlEncoding ? new XElement(Namespace + "EncodingType", "url") : null);
        return Xml(result);
    }

    private static string DecodeContinuationToken(string token)
    {
        var bytes = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, bytes, out var length)
            || Encoding.UTF8.GetString(bytes, 0, length) is not { Length: > 2 } marker
            || !(marker.StartsWith("k:", StringComparison.Ordinal) || marker.StartsWith("p:", StringComparison.Ordinal)))
        {
            throw new AwsServiceException("InvalidArgument", "The continuation token provided is incorrect");
        }

        return marker;
    }

    private AwsResult PutObject(AwsCall call, string bucketName, string key)
    {
        lock (state.Gate)
        {
            Bucket(bucketName);
        }

        byte[] content;
        try
        {
            content = AwsChunkedDecoder.IsChunked(call.Http.Request) ? AwsChunkedDecoder.Decode(call.Body) : call.Body;
        }
        catch (FormatException exception)
        {
            throw new AwsServiceException("IncompleteBody", exception.Message);
        }

        var contentEncoding = string.Join(',', call.Http.Request.Headers.ContentEncoding.ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(e => !e.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
        var item = store.Put(bucketName, key, content, call.Http.Request.ContentType,
            contentEncoding.Length == 0 ? null : contentEncoding,
            $"AWS:{call.Caller.PrincipalId}", call.Http.Connection.RemoteIpAddress?.ToString() ?? "", TimeSpan.Zero);
        return new AwsResult { ContentType = "", Body = [], Headers = { ["ETag"] = item.ETag } };
    }

    private AwsResult GetObject(string bucketName, string key, bool includeBody)
    {
        S3ObjectState item;
        lock (state.Gate)
        {
            if (!Bucket(bucketName).Objects.TryGetValue(key, out var found))
            {
                throw new AwsServiceException("NoSuchKey", "The specified key does not exist.", 404);
            }

            item = found;
        }

        var result = new AwsResult
        {
            ContentType = item.ContentType,
            Body = item.Content,
            Headers =
            {
                ["ETag"] = item.ETag,
                ["Last-Modified"] = item.LastModified.UtcDateTime.ToString("R", CultureInfo.InvariantCulture),
                ["Accept-Ranges"] = "bytes",
            },
        };
        if (item.ContentEncoding is not null)
        {
            result.Headers["Content-Encoding"] = item.ContentEncoding;
        }

        if (!includeBody)
        {
            result.Headers["Content-Length"] = item.Content.Length.ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    private AwsResult DeleteObject(string bucketName, string key)
    {
        lock (state.Gate)
        {
            Bucket(bucketName).Objects.Remove(key);
        }

        return new AwsResult { StatusCode = 204, ContentType = "", Body = [] };
    }

    public override AwsResult FormatError(AwsServiceException error, string requestId)
    {
        var document = new XElement("Error",
            new XElement("Code", error.Code),
            new XElement("Message", error.Message),
            new XElement("RequestId", requestId));
        return new AwsResult
        {
            StatusCode = error.StatusCode,
            ContentType = "application/xml",
            Body = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + document.ToString(SaveOptions.DisableFormatting)),
        };
    }

    public override AwsServiceException UnknownAccessKey() =>
        new("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", 403);

    public override AwsServiceException MissingAuthentication() => new("AccessDenied", "Access Denied", 403);

    public override AwsServiceException MalformedAuthorization(string detail) => new("AuthorizationHeaderMalformed", detail, 400);

    public override AwsServiceException SignatureExpired(DateTimeOffset signedAt, DateTimeOffset now) =>
        new("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", 403);

    public override AwsServiceException AccessDenied(CallerIdentity caller, string action, string resource) =>
        new("AccessDenied", "Access Denied", 403);

    public override AwsServiceException Throttled() => new("SlowDown", "Please reduce your request rate.", 503);

    public override AwsServiceException InjectedServerError() => new("InternalError", "We encountered an internal error. Please try again.", 500);

    private S3Target Target(HttpContext http)
    {
        lock (state.Gate)
        {
            var rawTarget = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
            var schemeEnd = rawTarget.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd > 0 && !rawTarget.StartsWith('/'))
            {
                var pathStart = rawTarget.IndexOf('/', schemeEnd + 3);
                rawTarget = pathStart < 0 ? "/" : rawTarget[pathStart..];
            }

            var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
            var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
            return S3Target.Resolve(state, http.Request.Host.Host, rawPath);
        }
    }

    private BucketState Bucket(string bucketName)
    {
        lock (state.Gate)
        {
            return state.Buckets.TryGetValue(bucketName, out var bucket)
                ? bucket
                : throw new AwsServiceException("NoSuchBucket", "The specified bucket does not exist", 404);
        }
    }

    private string? OwnerOf(string? bucketName)
    {
        lock (state.Gate)
        {
            return bucketName is not null && state.Buckets.TryGetValue(bucketName, out var bucket) ? bucket.OwnerAccountId : null;
        }
    }

    private static AwsResult Xml(XElement document) => new()
    {
        ContentType = "application/xml",
        Body = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + document.ToString(SaveOptions.DisableFormatting)),
    };

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
