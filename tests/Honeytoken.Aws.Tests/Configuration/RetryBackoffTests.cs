using Honeytoken.Grains.Aws.Iam;
using Honeytoken.Grains.Aws.Organizations;
using Honeytoken.Grains.Aws.Runtime;

namespace Honeytoken.Aws.Tests.Configuration;

/// <summary>The backoff doubles per retry, is capped and scales with the jitter draw. Errors map to their retry classes.</summary>
public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 1.0, 200)]
    [InlineData(2, 1.0, 400)]
    [InlineData(4, 1.0, 1600)]
    [InlineData(4, 0.5, 800)]
    [InlineData(4, 0.0, 0)]
    [InlineData(12, 1.0, 20000)]
    [InlineData(1000, 1.0, 20000)]
    public void ComputeBackoff_DoublesAndCaps(int retry, double jitter, int expectedMs)
    {
        TimeSpan delay = ServiceRetryPolicy.ComputeBackoff(retry, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(20), jitter);

        Assert.Equal(expectedMs, delay.TotalMilliseconds, precision: 3);
    }

    [Theory]
    [InlineData(IamErrorCode.Throttling, RetryClassification.Throttling)]
    [InlineData(IamErrorCode.LimitExceeded, RetryClassification.Terminal)]
    [InlineData(IamErrorCode.EntityAlreadyExists, RetryClassification.Default)]
    [InlineData(IamErrorCode.NoSuchEntity, RetryClassification.Default)]
    public void IamClassifyError_MapsCodes(string code, RetryClassification expected)
    {
        var error = new IamException("message", null, Amazon.Runtime.ErrorType.Sender, code, "request-id", System.Net.HttpStatusCode.BadRequest);

        Assert.Equal(expected, IamClient.ClassifyError(error));
    }

    [Theory]
    [InlineData(OrganizationsErrorCode.TooManyRequests, null, RetryClassification.Throttling)]
    [InlineData(OrganizationsErrorCode.ConstraintViolation, ConstraintViolationReason.AccountCreationRateLimitExceeded, RetryClassification.Throttling)]
    [InlineData(OrganizationsErrorCode.ConstraintViolation, ConstraintViolationReason.AccountNumberLimitExceeded, RetryClassification.Terminal)]
    [InlineData(OrganizationsErrorCode.ConstraintViolation, "OU_DEPTH_LIMIT_EXCEEDED", RetryClassification.Terminal)]
    [InlineData(OrganizationsErrorCode.AccessDenied, null, RetryClassification.Default)]
    public void OrganizationsClassifyError_MapsCodesAndReasons(string code, string? reason, RetryClassification expected)
    {
        var error = new OrganizationsException("message", null, Amazon.Runtime.ErrorType.Unknown, code, "request-id", System.Net.HttpStatusCode.BadRequest, reason);

        Assert.Equal(expected, OrganizationsClient.ClassifyError(error));
    }
}
