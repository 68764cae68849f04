using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Honeytoken.Grains.Aws.S3;

/// <summary>Builds the configuration of the S3 client that reads the log bucket through its access point.</summary>
internal static class S3ClientConfigBuilder
{
    public static AmazonS3Config Build(AwsEndpointOptions endpoints, HttpClientFactory? httpClientFactory)
    {
        var config = new AmazonS3Config
        {
            DefaultConfigurationMode = DefaultConfigurationMode.Standard,
            IgnoreConfiguredEndpointUrls = true,
        };

        Uri endpoint = endpoints.S3AccessPoint;
        if (IsAwsAccessPointHost(endpoint, endpoints.LogRegion))
        {
            // The SDK turns an access point ARN passed as the bucket name into the host
            // <name>-<account>.s3-accesspoint.<region>.amazonaws.com, so only the region and the
            // scheme are taken from the setting.
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(endpoints.LogRegion);
            config.UseHttp = endpoint.Scheme == Uri.UriSchemeHttp;
        }
        else
        {
            // A custom endpoint: the SDK prefixes the access point name and account to its host.
            config.ServiceURL = endpoint.AbsoluteUri;
            config.AuthenticationRegion = endpoints.LogRegion;
        }

        if (endpoints.S3Proxy is not null)
        {
            config.SetWebProxy(new WebProxy(endpoints.S3Proxy));
        }

        if (httpClientFactory is not null)
        {
            config.HttpClientFactory = httpClientFactory;
        }

        return config;
    }

    internal static bool IsAwsAccessPointHost(Uri endpoint, string region) =>
        string.Equals(endpoint.Host, $"s3-accesspoint.{region}.amazonaws.com", StringComparison.OrdinalIgnoreCase)
        && endpoint.IsDefaultPort;
}
