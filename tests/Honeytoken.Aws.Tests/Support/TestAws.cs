using Amazon.Runtime;
using Honeytoken.Grains.Aws;
using Honeytoken.Grains.Aws.Iam;
using Honeytoken.Grains.Aws.Organizations;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Aws.Tests.Support;

/// <summary>Clients and settings for tests: explicit credentials, no instance metadata lookups, short backoff.</summary>
public static class TestAws
{
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    static TestAws()
    {
        // The SDK must never reach for EC2 instance metadata from a test.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials(AccessKeyId, SecretAccessKey);

    /// <summary>Retry settings with millisecond backoff, so retry tests finish fast without waiting on a clock.</summary>
    public static AwsRetryOptions FastRetry(int maxAttempts = 5) => new()
    {
        MaxAttempts = maxAttempts,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
    };

    public static IamClient Iam(Uri endpoint, AwsRetryOptions? retry = null, ILogger? logger = null) =>
        new(Credentials, new IamClientConfig(endpoint, retry ?? FastRetry(), TimeProvider.System, logger ?? new ListLogger()));

    public static OrganizationsClient Organizations(Uri endpoint, AwsRetryOptions? retry = null, ILogger? logger = null) =>
        new(Credentials, new OrganizationsClientConfig(endpoint, retry ?? FastRetry(), TimeProvider.System, logger ?? new ListLogger()));
}
