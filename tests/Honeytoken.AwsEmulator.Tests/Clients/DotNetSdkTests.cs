using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.Tests.Infrastructure;

namespace Honeytoken.AwsEmulator.Tests.Clients;

/// <summary>AWSSDK.SecurityToken and AWSSDK.S3 against the emulator.</summary>
public sealed class DotNetSdkTests : IAsyncLifetime
{
    private const string AccessPointArn = "arn:aws:s3:us-west-2:123456789012:accesspoint/honeytoken-logs";

    private AwsEmulatorHost aws = null!;

    public async Task InitializeAsync() => aws = await Emulator.StartAsync();

    public async Task DisposeAsync() => await aws.DisposeAsync();

    [Fact]
    public async Task AssumeRole_SessionCallsGetCallerIdentity()
    {
        using var sts = StsClient(new BasicAWSCredentials(aws.AccessKeyId, aws.SecretAccessKey));

        var session = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = aws.ManagementRoleArn,
            RoleSessionName = "dotnet",
            ExternalId = aws.ExternalId,
        });
        using var asRole = StsClient(session.Credentials);
        var identity = await asRole.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/HoneytokenManager/dotnet", identity.Arn);
        var record = Assert.Single(await aws.RecordsOfAsync("GetCallerIdentity"));
        Assert.Equal("AssumedRole", record["userIdentity"]!["type"]!.GetValue<string>());
        Assert.Equal("HoneytokenManager", record["userIdentity"]!["sessionContext"]!["sessionIssuer"]!["userName"]!.GetValue<string>());
        Assert.Contains("aws-sdk-dotnet", record["userAgent"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_WrongExternalId_ThrowsAccessDenied()
    {
        using var sts = StsClient(new BasicAWSCredentials(aws.AccessKeyId, aws.SecretAccessKey));

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = aws.ManagementRoleArn,
            RoleSessionName = "dotnet",
            ExternalId = "wrong",
        }));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task GetAccessKeyInfo_DecodesAccountOfCreatedKey()
    {
        using var sts = StsClient(new BasicAWSCredentials(aws.AccessKeyId, aws.SecretAccessKey));
        var unknownKey = Honeytoken.AwsEmulator.State.AwsIds.AccessKeyId("AKIA", "210987654321");

        var info = await sts.GetAccessKeyInfoAsync(new GetAccessKeyInfoRequest { AccessKeyId = unknownKey });

        Assert.Equal("210987654321", info.Account);
    }

    [Fact]
    public async Task S3_PutListGet_ThroughAccessPointArn()
    {
        using var direct = S3Client(proxy: false);
        await direct.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "honeytoken-trail-logs",
            Key = "AWSLogs/dotnet/one.json",
            ContentBody = "{\"Records\":[]}",
        });
        using var viaAccessPoint = S3Client(proxy: true);

        var listing = await viaAccessPoint.ListObjectsV2Async(new ListObjectsV2Request { BucketName = AccessPointArn, Prefix = "AWSLogs/dotnet/" });
        using var response = await viaAccessPoint.GetObjectAsync(AccessPointArn, "AWSLogs/dotnet/one.json");
        using var reader = new StreamReader(response.ResponseStream);

        Assert.Equal(["AWSLogs/dotnet/one.json"], listing.S3Objects.Select(o => o.Key));
        Assert.Equal("{\"Records\":[]}", await reader.ReadToEndAsync());
        var get = Assert.Single(await aws.RecordsOfAsync("GetObject"));
        Assert.StartsWith("honeytoken-logs-123456789012.", get["tlsDetails"]!["clientProvidedHostHeader"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Data", get["eventCategory"]!.GetValue<string>());
    }

    [Fact]
    public async Task S3_ListObjectsV2_PagesWithContinuationTokenAndStartAfter()
    {
        using var s3 = S3Client(proxy: false);
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "honeytoken-trail-logs", Key = $"paging/{name}", ContentBody = name });
        }

        var first = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "honeytoken-trail-logs", Prefix = "paging/", MaxKeys = 2 });
        var second = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "honeytoken-trail-logs", Prefix = "paging/", MaxKeys = 2, ContinuationToken = first.NextContinuationToken });
        var after = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "honeytoken-trail-logs", Prefix = "paging/", StartAfter = "paging/c" });

        Assert.Equal(["paging/a", "paging/b"], first.S3Objects.Select(o => o.Key));
        Assert.True(first.IsTruncated);
        Assert.Equal(["paging/c", "paging/d"], second.S3Objects.Select(o => o.Key));
        Assert.Equal(["paging/d", "paging/e"], after.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task S3_ListObjectsV2_PagesCommonPrefixesOnce()
    {
        using var s3 = S3Client(proxy: false);
        foreach (var key in new[] { "folders/a/1", "folders/a/2", "folders/a/3", "folders/b/1", "folders/b/2", "folders/c", "folders/d/1" })
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "honeytoken-trail-logs", Key = key, ContentBody = key });
        }

        var entries = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = "honeytoken-trail-logs",
                Prefix = "folders/",
                Delimiter = "/",
                MaxKeys = 1,
                ContinuationToken = token,
            });
            entries.AddRange(page.CommonPrefixes ?? []);
            entries.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
            pages++;
        }
        while (token is not null && pages < 10);

        var afterLastOfB = await s3.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = "honeytoken-trail-logs",
            Prefix = "folders/",
            Delimiter = "/",
            StartAfter = "folders/b/2",
        });

        Assert.Equal(["folders/a/", "folders/b/", "folders/c", "folders/d/"], entries);
        Assert.Equal(4, pages);
        Assert.Equal(["folders/d/"], afterLastOfB.CommonPrefixes);
        Assert.Equal(["folders/c"], afterLastOfB.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task S3_PresignedGetUrl_ReturnsObject()
    {
        using var s3 = S3Client(proxy: false);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "honeytoken-trail-logs", Key = "shared/report.txt", ContentBody = "presigned" });
        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = "honeytoken-trail-logs",
            Key = "shared/report.txt",
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Amazon.S3.Protocol.HTTP,
        });
        using var http = new HttpClient();

        var body = await http.GetStringAsync(url);
        var tampered = await http.GetAsync(url.Replace("shared/report.txt", "shared/other.txt", StringComparison.Ordinal));

        Assert.Equal("presigned", body);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3_MissingKeyAndDeletedObject_AreNotFound()
    {
        using var s3 = S3Client(proxy: false);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "honeytoken-trail-logs", Key = "gone.txt", ContentBody = "x" });
        var head = await s3.GetObjectMetadataAsync("honeytoken-trail-logs", "gone.txt");

        await s3.DeleteObjectAsync("honeytoken-trail-logs", "gone.txt");
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync("honeytoken-trail-logs", "gone.txt"));

        Assert.Equal(1, head.ContentLength);
        Assert.Equal("NoSuchKey", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task ServerError_SdkRetriesAndSucceeds()
    {
        await aws.Control.SetFaultsAsync(new FaultSettings { ServerErrors = [new FaultRule { Api = "sts:GetCallerIdentity", Count = 1 }] });
        using var sts = StsClient(new BasicAWSCredentials(aws.AccessKeyId, aws.SecretAccessKey));

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("123456789012", identity.Account);
        var calls = await aws.RecordsOfAsync("GetCallerIdentity");
        Assert.Equal(["ServiceUnavailable", null], calls.Select(c => c["errorCode"]?.GetValue<string>()));
    }

    [Fact]
    public async Task ServerErrorEveryTime_SdkThrowsInternalError()
    {
        await aws.Control.SetFaultsAsync(new FaultSettings { ServerErrors = [new FaultRule { Api = "s3:*" }] });
        using var s3 = S3Client(proxy: false);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "honeytoken-trail-logs" }));

        Assert.Equal("InternalError", error.ErrorCode);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
    }

    [Fact]
    public async Task ClockSkew_IsSignatureExpired()
    {
        await using var skewed = await Emulator.StartAsync(options =>
            options.TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(10)));
        using var sts = new AmazonSecurityTokenServiceClient(
            new BasicAWSCredentials(skewed.AccessKeyId, skewed.SecretAccessKey),
            new AmazonSecurityTokenServiceConfig { ServiceURL = skewed.BaseUri.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Contains("Signature expired", error.Message, StringComparison.Ordinal);
    }

    private AmazonSecurityTokenServiceClient StsClient(AWSCredentials credentials) =>
        new(credentials, new AmazonSecurityTokenServiceConfig { ServiceURL = aws.BaseUri.ToString(), AuthenticationRegion = "us-east-1" });

    private AmazonS3Client S3Client(bool proxy)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = aws.BaseUri.ToString(),
            AuthenticationRegion = "us-west-2",
            UseArnRegion = true,
        };
        // Path-style addressing keeps bucket names out of the host name; access point ARNs do not allow it.
        config.ForcePathStyle = !proxy;
        if (proxy)
        {
            // The SDK puts "honeytoken-logs-123456789012." before the endpoint's host name;
            // sending every request to the emulator as a proxy makes that name reachable.
            config.SetWebProxy(aws.Proxy);
        }

        return new AmazonS3Client(new BasicAWSCredentials(aws.AccessKeyId, aws.SecretAccessKey), config);
    }
}
