using Amazon.S3;
using Amazon.S3.Model;
using Honeytoken.Aws.Tests.Support;
using Honeytoken.Grains.Aws;
using Honeytoken.Grains.Aws.S3;

namespace Honeytoken.Aws.Tests.S3;

/// <summary>The S3 client reads through an access point ARN and can reach a server through an HTTP proxy.</summary>
public sealed class S3ClientTests
{
    private const string AccessPointArn = "arn:aws:s3:us-west-2:111111111111:accesspoint/cloudtrail-logs";
    private const string ObjectKey = "AWSLogs/111111111111/CloudTrail/us-west-2/2026/03/14/111111111111_CloudTrail_us-west-2_20260314T0930Z_abc.json.gz";

    [Fact]
    public async Task GetObject_ThroughProxy_UsesAccessPointHost()
    {
        await using MockAwsServer proxy = await MockAwsServer.StartAsync(new MockResponse(200, "log-file-bytes", "application/octet-stream"));
        AwsClientFactory factory = TestFactory.Create(
            new Uri("http://127.0.0.1:9/"),
            TimeProvider.System,
            new ListLoggerProvider(),
            endpoints => endpoints.S3Proxy = proxy.Endpoint);
        using AmazonS3Client s3 = factory.CreateS3Client(TestAws.Credentials);

        using GetObjectResponse response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = AccessPointArn, Key = ObjectKey }, CancellationToken.None);
        using var reader = new StreamReader(response.ResponseStream);

        Assert.Equal("log-file-bytes", await reader.ReadToEndAsync());
        RecordedRequest request = Assert.Single(proxy.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("cloudtrail-logs-111111111111.s3-accesspoint.us-west-2.honeytoken.invalid", request.Host);
        Assert.Equal("/" + ObjectKey, request.PathAndQuery);
        Assert.Contains("/us-west-2/s3/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public void Config_DefaultEndpoint_UsesRegionAndHttps()
    {
        AmazonS3Config config = S3ClientConfigBuilder.Build(new AwsEndpointOptions(), httpClientFactory: null);

        Assert.Equal("us-west-2", config.RegionEndpoint.SystemName);
        Assert.Null(config.ServiceURL);
        Assert.False(config.UseHttp);
        Assert.Null(config.GetWebProxy());
    }

    [Fact]
    public void Config_HttpEndpointWithProxy_UsesProxy()
    {
        var endpoints = new AwsEndpointOptions
        {
            S3AccessPoint = new Uri("http://s3-accesspoint.us-west-2.amazonaws.com"),
            S3Proxy = new Uri("http://127.0.0.1:4566"),
        };

        AmazonS3Config config = S3ClientConfigBuilder.Build(endpoints, httpClientFactory: null);

        Assert.Equal("us-west-2", config.RegionEndpoint.SystemName);
        Assert.True(config.UseHttp);
        Assert.NotNull(config.GetWebProxy());
    }
}
